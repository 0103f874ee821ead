"""Glances 4.5.8 (PyPI ``glances[web]``) on 127.0.0.1:18150: REST API v4, basic auth
glances / adminpass123."""

from __future__ import annotations

import time

import httpx

from tests.live.services import PASSWORD, ServiceSpec, status

USERNAME = "glances"
SETTLE_TIMEOUT_S = 15.0


def _ready(client: httpx.Client, url: str) -> bool:
    # /api/4/status is the one v4 route that needs no credentials.
    return status(client, f"{url}/api/4/status") == 200


def _settle(client: httpx.Client, url: str) -> None:
    """Wait until the first refresh has run: right after start Glances reports no uptime yet."""
    deadline = time.monotonic() + SETTLE_TIMEOUT_S
    while True:
        r = client.get(f"{url}/api/4/uptime", auth=(USERNAME, PASSWORD))
        if r.status_code == 200 and isinstance(r.json(), str) and r.json():
            return
        if time.monotonic() > deadline:
            raise TimeoutError(f"Glances 4: no uptime after {SETTLE_TIMEOUT_S:.0f} s")
        time.sleep(0.25)


def _version(client: httpx.Client, url: str) -> str:
    return str(client.get(f"{url}/api/4/status").raise_for_status().json()["version"])


SPEC = ServiceSpec(
    "$SVC_ROOT/venvs/glances/bin/glances",
    "http://127.0.0.1:18150",
    USERNAME,
    PASSWORD,
    _ready,
    _version,
    _settle,
)
