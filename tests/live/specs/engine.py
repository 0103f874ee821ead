"""Podman 4.3.1 (Debian) answering the Docker Engine API (v1.41) on a unix socket, with the
test containers tw-running, tw-exited (exit code 3), tw-healthy and tw-unhealthy.

ServiceInfo.url is the socket's URL (``unix:///...``); ``engine_client()`` talks to the engine
directly, without Tilewire. The engine runs as root; run.sh starts it in 2-5 s.
"""

from __future__ import annotations

import httpx

from tests.live.services import SVC_ROOT, ServiceSpec

SOCKET = SVC_ROOT / "data" / "engine" / "engine.sock"
URL = f"unix://{SOCKET}"
EXPECTED = {
    "tw-running": ("running", None),
    "tw-exited": ("exited", None),
    "tw-healthy": ("running", "healthy"),
    "tw-unhealthy": ("running", "unhealthy"),
}
"""The containers run.sh makes, by name: state and health."""


def engine_client(timeout: float = 10.0) -> httpx.Client:
    """The engine's own API (paths as ``/v1.41/...``), through its socket."""
    return httpx.Client(
        transport=httpx.HTTPTransport(uds=str(SOCKET)),
        base_url="http://engine",
        timeout=timeout,
        trust_env=False,
    )


def engine_async_client(timeout: float = 10.0) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        transport=httpx.AsyncHTTPTransport(uds=str(SOCKET)),
        base_url="http://engine",
        timeout=timeout,
        trust_env=False,
    )


def _ready(_client: httpx.Client, _url: str) -> bool:
    if not SOCKET.exists():
        return False
    try:
        with engine_client(timeout=3.0) as engine:
            return engine.get("/_ping").status_code == 200
    except httpx.HTTPError:
        return False


def states() -> dict[str, tuple[str, str | None]]:
    """Each test container's state and health, as the engine says."""
    found: dict[str, tuple[str, str | None]] = {}
    with engine_client() as engine:
        listed = engine.get("/v1.41/containers/json", params={"all": "1"}).raise_for_status()
        for item in listed.json():
            name = item["Names"][0].lstrip("/")
            if name not in EXPECTED:
                continue
            inspect = engine.get(f"/v1.41/containers/{item['Id']}/json").raise_for_status()
            health = (inspect.json()["State"].get("Health") or {}).get("Status") or None
            found[name] = (item["State"], health if item["State"] == "running" else None)
    return found


def _settle(client: httpx.Client, url: str) -> None:
    """The test containers as run.sh makes them; run.sh again (it recreates them) if a test
    left them otherwise."""
    if states() == EXPECTED:
        return
    from tests.live.services import _script

    proc = _script("engine/run.sh")
    if proc.returncode != 0 or states() != EXPECTED:
        raise RuntimeError(f"the test containers are not as run.sh makes them: {states()}")


def _version(_client: httpx.Client, _url: str) -> str:
    with engine_client() as engine:
        return str(engine.get("/version").raise_for_status().json()["Version"])


SPEC = ServiceSpec("podman", URL, None, None, _ready, _version, _settle)
