"""Glances 3.3.1.1 (Debian bookworm) on 127.0.0.1:18151: REST API v3, basic auth
glances / adminpass123."""

from __future__ import annotations

import time

import httpx

from tests.live.services import PASSWORD, ServiceSpec, status

USERNAME = "glances"
SETTLE_TIMEOUT_S = 15.0
VERSION_PREFIX = "Glances "


def _ready(client: httpx.Client, url: str) -> bool:
    # Every v3 route needs the credentials: 401 without them means the server is up.
    return status(client, f"{url}/api/3/status") in (200, 401)


def _settle(client: httpx.Client, url: str) -> None:
    """Wait until the first refresh has run: right after start Glances reports no uptime yet."""
    deadline = time.monotonic() + SETTLE_TIMEOUT_S
    while True:
        r = client.get(f"{url}/api/3/uptime", auth=(USERNAME, PASSWORD))
        if r.status_code == 200 and isinstance(r.json(), str) and r.json():
            return
        if time.monotonic() > deadline:
            raise TimeoutError(f"Glances 3: no uptime after {SETTLE_TIMEOUT_S:.0f} s")
        time.sleep(0.25)


def _version(client: httpx.Client, url: str) -> str:
    """3.x has no version route: its help plugin says "Glances 3.3.1.1"."""
    r = client.get(f"{url}/api/3/help", auth=(USERNAME, PASSWORD)).raise_for_status()
    return str(r.json()["version"]).removeprefix(VERSION_PREFIX)


SPEC = ServiceSpec(
    "/usr/bin/glances",
    "http://127.0.0.1:18151",
    USERNAME,
    PASSWORD,
    _ready,
    _version,
    _settle,
)
