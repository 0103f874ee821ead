"""Start, stop and probe the real upstream services used by live tests.

The services are Debian packages started on fixed loopback ports by the shell scripts in
``tests/live/services/`` (see ``install.sh``, ``<name>/run.sh``, ``stop.sh``); their state lives
under ``$SVC_ROOT`` (default ``/tmp/tilewire-svc``). This module must not import the application
(``app``/``schema``/``integrations``): it only manages the processes and checks they answer.

Usage in a live test::

    from tests.live.services import ensure_service

    svc = ensure_service("qbittorrent")   # skips (or fails in CI) when qbittorrent-nox is missing
    ... point the integration at svc.url with svc.username / svc.password ...
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import shutil
import subprocess
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import httpx

from tests.support.availability import unavailable

SCRIPTS_DIR = Path(__file__).resolve().parent / "services"
SVC_ROOT = Path(os.environ.get("SVC_ROOT", "/tmp/tilewire-svc"))
# Made by ensure_test_torrent (services/_lib.sh), which the qbittorrent, transmission, deluge and
# rtorrent run.sh call: a private single-file torrent (dead loopback tracker) for a deterministic
# 200000-byte payload; add it with save path TEST_PAYLOAD_DIR and the client verifies it as 100 %
# complete.
TEST_TORRENT = SVC_ROOT / "data" / "test.torrent"
TEST_PAYLOAD_DIR = SVC_ROOT / "data" / "payload"

START_TIMEOUT_S = 30.0
USERNAME = "admin"
PASSWORD = "adminpass123"


@dataclass(frozen=True)
class ServiceInfo:
    name: str
    url: str  # base URL, no trailing slash (Transmission RPC: url + "/transmission/rpc")
    username: str | None
    password: str | None
    version: str  # as the service reports it: "v4.5.2", "3.00 (bb6b5a062e)", "2.42.0+ds"


@dataclass(frozen=True)
class ServiceSpec:
    binary: str
    url: str
    username: str | None
    password: str | None
    ready: Callable[[httpx.Client, str], bool]
    version: Callable[[httpx.Client, str], str]
    settle: Callable[[httpx.Client, str], None] | None = None


def _client() -> httpx.Client:
    # trust_env=False: never route loopback calls through a proxy from the environment.
    return httpx.Client(timeout=3.0, trust_env=False, follow_redirects=False)


def status(client: httpx.Client, url: str) -> int | None:
    try:
        return client.get(url).status_code
    except httpx.HTTPError:
        return None


SERVICES_PACKAGE = "tests.live.specs"


_cache: dict[str, ServiceInfo] = {}
_starting: dict[str, Future[ServiceInfo]] = {}
_starter: ThreadPoolExecutor | None = None
PRESTART_WORKERS = 2
"""Services started at once in the background (two: the machine's other core runs tests)."""


def _spec(name: str) -> ServiceSpec:
    """The spec in tests/live/specs/<name>.py (each service has its own module)."""
    try:
        module = importlib.import_module(f"{SERVICES_PACKAGE}.{name}")
    except ModuleNotFoundError:
        raise ValueError(f"unknown service {name!r}: no tests/live/specs/{name}.py") from None
    spec: ServiceSpec = module.SPEC
    return spec


def _installed(binary: str) -> bool:
    """A command on PATH, or a path (``$SVC_ROOT`` expanded) to an executable file."""
    if "/" in binary:
        path = Path(binary.replace("$SVC_ROOT", str(SVC_ROOT)))
        return path.is_file() and os.access(path, os.X_OK)
    return shutil.which(binary) is not None


def _log_tail(name: str, lines: int = 20) -> str:
    log = SVC_ROOT / "logs" / f"{name}.log"
    try:
        text = log.read_text(errors="replace").splitlines()[-lines:]
    except OSError:
        return f"(no log at {log})"
    return f"tail of {log}:\n" + "\n".join(text)


def _script(script: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SVC_ROOT": str(SVC_ROOT)}
    return subprocess.run(
        ["bash", str(SCRIPTS_DIR / script), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,  # a first start of Home Assistant takes about 100 s
        check=False,
        stdin=subprocess.DEVNULL,
    )


def _start_and_wait(name: str, spec: ServiceSpec) -> ServiceInfo:
    """Run <name>/run.sh if the port does not answer, then wait (bounded) until it is ready."""
    if not _installed(spec.binary):
        unavailable(f"{spec.binary} not installed; run tests/live/services/install.sh {name}")
    with _client() as client:
        if not spec.ready(client, spec.url):
            proc = _script(f"{name}/run.sh")
            if proc.returncode != 0:
                unavailable(
                    f"{name}: {name}/run.sh exited {proc.returncode}\n{proc.stdout}{proc.stderr}"
                    f"\n{_log_tail(name)}"
                )
            deadline = time.monotonic() + START_TIMEOUT_S
            while not spec.ready(client, spec.url):
                if time.monotonic() > deadline:
                    unavailable(
                        f"{name} not ready on {spec.url} after {START_TIMEOUT_S:.0f} s\n"
                        f"{_log_tail(name)}"
                    )
                time.sleep(0.2)
        try:
            if spec.settle is not None:
                spec.settle(client, spec.url)
            version = spec.version(client, spec.url)
        except (httpx.HTTPError, RuntimeError, TimeoutError, KeyError, ValueError) as exc:
            unavailable(f"{name} on {spec.url} answers but is not usable: {exc}\n{_log_tail(name)}")
    info = ServiceInfo(name, spec.url, spec.username, spec.password, version)
    _cache[name] = info
    return info


def known(name: str) -> bool:
    """Whether tests/live/specs has a service of that name."""
    return importlib.util.find_spec(f"{SERVICES_PACKAGE}.{name}") is not None


def prestart(names: Iterable[str]) -> None:
    """Start these services in the background, in this order, while other tests run: a
    service's first start takes up to a minute (Home Assistant, changedetection.io, SABnzbd),
    and a session that waited for each when its first test needs it spent two minutes idle.
    ``ensure_service`` then waits for the start under way instead of starting it again."""
    global _starter
    if _starter is None:
        _starter = ThreadPoolExecutor(PRESTART_WORKERS, thread_name_prefix="service-start")
    for name in names:
        if name not in _cache and name not in _starting:
            _starting[name] = _starter.submit(_start_and_wait, name, _spec(name))


def stop_prestarting() -> None:
    """Forget the starts not begun yet (at the end of a session); those under way finish."""
    global _starter
    if _starter is not None:
        _starter.shutdown(wait=False, cancel_futures=True)
        _starter = None
    _starting.clear()


def _started(name: str) -> None:
    """Wait for a background start of ``name``, if one was asked for; its skip or failure
    (``unavailable()``) is raised here, in the test that needs the service."""
    pending = _starting.pop(name, None)
    if pending is not None and not pending.cancel():
        pending.result()


def ensure_service(name: str) -> ServiceInfo:
    """Return the running service, starting it if needed (memoised per process).

    Calls ``unavailable()`` (skip locally, fail with TILEWIRE_REQUIRE_SERVICES=1) when the
    binary is not installed or the service does not come up.
    """
    spec = _spec(name)
    _started(name)
    if name in _cache:
        return _cache[name]
    return _start_and_wait(name, spec)


def stop_service(name: str) -> None:
    """Stop the service (recorded pid and its children) and wait until its port is closed."""
    spec = _spec(name)
    _started(name)
    _cache.pop(name, None)
    proc = _script("stop.sh", name)
    if proc.returncode != 0:
        raise RuntimeError(f"stop.sh {name} exited {proc.returncode}: {proc.stdout}{proc.stderr}")
    deadline = time.monotonic() + 10.0
    with _client() as client:
        while spec.ready(client, spec.url):
            if time.monotonic() > deadline:
                raise RuntimeError(
                    f"{name} still answers on {spec.url} after stop.sh (not started by "
                    f"{name}/run.sh? pid file {SVC_ROOT / 'pids' / (name + '.pid')})"
                )
            time.sleep(0.2)


def restart_service(name: str) -> None:
    """Stop then start the service and wait until it is ready again.

    In-memory state is lost: qBittorrent forgets its SID cookies (old cookie -> 403) and
    Transmission issues a new X-Transmission-Session-Id (old id -> 409).
    """
    spec = _spec(name)
    stop_service(name)
    _start_and_wait(name, spec)
