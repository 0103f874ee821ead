"""The npm GraphQL clients of a browser dashboard (graphql-ws, graphql-sse), run by Node.

Their packages live in ``tests/browser/node`` (pinned in ``package-lock.json``); ``npm ci``
installs them into its ``node_modules`` when that is missing or older than the lock file.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.support.availability import unavailable

NODE_DIR = Path(__file__).with_name("node")
STAMP = NODE_DIR / "node_modules" / ".tilewire-lock-sha256"
NPM_CI_TIMEOUT = 300.0


def _lock_digest() -> str:
    digest = hashlib.sha256()
    for name in ("package.json", "package-lock.json"):
        digest.update((NODE_DIR / name).read_bytes())
    return digest.hexdigest()


def install_node_clients() -> None:
    """``npm ci`` unless node_modules matches the lock file; skips (or fails under
    TILEWIRE_REQUIRE_SERVICES=1) when Node or npm is missing or the install fails."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        unavailable(
            "Node.js and npm are needed to run the npm GraphQL clients (apt install nodejs npm)"
        )
    wanted = _lock_digest()
    if STAMP.is_file() and STAMP.read_text() == wanted:
        return
    try:
        done = subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"],
            cwd=NODE_DIR,
            capture_output=True,
            text=True,
            timeout=NPM_CI_TIMEOUT,
        )
    except subprocess.TimeoutExpired:
        unavailable(f"npm ci in {NODE_DIR} took more than {NPM_CI_TIMEOUT:.0f} s")
    if done.returncode != 0:
        unavailable(f"npm ci in {NODE_DIR} failed: {done.stderr.strip()[-2000:]}")
    STAMP.write_text(wanted)


@dataclass
class ClientRun:
    events: list[dict[str, Any]]
    returncode: int
    stderr: str

    def of(self, kind: str) -> list[dict[str, Any]]:
        return [e for e in self.events if e["event"] == kind]


async def run_client(job: dict[str, Any], timeout: float = 20.0) -> ClientRun:
    """Run one client job (see ``node/clients.mjs``) to its end, at most ``timeout`` s."""
    job = {"timeoutMs": int(timeout * 1000), **job}
    process = await asyncio.create_subprocess_exec(
        "node",
        str(NODE_DIR / "clients.mjs"),
        json.dumps(job),
        cwd=NODE_DIR,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        out, err = await asyncio.wait_for(process.communicate(), timeout + 5)
    except TimeoutError:
        process.kill()
        await process.wait()
        raise
    events = [json.loads(line) for line in out.decode().splitlines() if line.strip()]
    assert process.returncode is not None
    return ClientRun(events, process.returncode, err.decode())
