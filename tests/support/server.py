"""Tilewire as a real process: ``tilewire serve`` under uvicorn on a free loopback port."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def tilewire_script() -> Path:
    """The ``tilewire`` command installed beside this interpreter: unlike ``python -m app.cli``
    it does not put the working directory on ``sys.path``, as for anyone who installed Tilewire."""
    script = Path(sys.executable).with_name("tilewire")
    if not script.is_file():
        raise RuntimeError(f"no tilewire script beside {sys.executable}: pip install -e '.[dev]'")
    return script


@dataclass
class Server:
    url: str
    process: subprocess.Popen[bytes]
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


@contextmanager
def serve(
    env: Mapping[str, str],
    log_path: Path,
    ready_timeout: float = 30.0,
    ready_path: str = "/readyz",
    unset: tuple[str, ...] = (
        "DATABASE_URL",
        "JWT_SECRET",
        "INTEGRATION_ENCRYPTION_KEY",
        "REDIS_URL",
    ),
    command: Sequence[str] = (sys.executable, "-m", "app.cli", "serve"),
) -> Iterator[Server]:
    """Start ``tilewire serve``, wait until ``ready_path`` answers 200 (/healthz for a server
    expected not to be ready), stop it (SIGTERM) afterwards.

    Variables in ``unset`` are removed from the inherited environment unless ``env`` sets them.
    ``command`` runs the server (``tilewire``'s own script: see ``tilewire_script``).
    """
    port = free_port()
    inherited = {k: v for k, v in os.environ.items() if k not in unset}
    full_env = {**inherited, "TILEWIRE_PORT": str(port), **env}
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [*command],
            env=full_env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    server = Server(f"http://127.0.0.1:{port}", process, log_path)
    try:
        deadline = time.monotonic() + ready_timeout
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"tilewire exited with {process.returncode}:\n{server.log()}")
            try:
                if httpx.get(f"{server.url}{ready_path}", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"tilewire not ready after {ready_timeout} s:\n{server.log()}")
            time.sleep(0.1)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
