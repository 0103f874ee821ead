"""Caddy 2.6.2 (Debian): admin API on 127.0.0.1:18260 (no auth), the same API behind basic auth
admin / adminpass123 on 127.0.0.1:18264, a reverse proxy on 127.0.0.1:18261 with one live
upstream (127.0.0.1:18262) and one dead one (127.0.0.1:18263).

The admin API reports no version: ``version`` is what ``caddy version`` prints (e.g. "2.6.2").
"""

from __future__ import annotations

import subprocess
import time

import httpx

from tests.live.services import PASSWORD, USERNAME, ServiceSpec, status

SITE_URL = "http://127.0.0.1:18261"
AUTH_URL = "http://127.0.0.1:18264"
LIVE_UPSTREAM = "127.0.0.1:18262"
DEAD_UPSTREAM = "127.0.0.1:18263"
SETTLE_TIMEOUT_S = 10.0


# --- Caddy ------------------------------------------------------------------------------------
def _caddy_ready(client: httpx.Client, url: str) -> bool:
    return status(client, f"{url}/config/") == 200


def _caddy_settle(client: httpx.Client, url: str) -> None:
    """Proxy requests (round robin) until Caddy has counted a failure of the dead upstream."""
    deadline = time.monotonic() + SETTLE_TIMEOUT_S
    while True:
        upstreams = client.get(f"{url}/reverse_proxy/upstreams").raise_for_status().json()
        if any(u["address"] == DEAD_UPSTREAM and u["fails"] > 0 for u in upstreams):
            return
        if time.monotonic() > deadline:
            raise TimeoutError(f"Caddy counted no failure of {DEAD_UPSTREAM}: {upstreams}")
        status(client, f"{SITE_URL}/")
        time.sleep(0.1)


def _caddy_version(client: httpx.Client, url: str) -> str:
    out = subprocess.run(
        ["caddy", "version"], capture_output=True, text=True, timeout=10, check=True
    ).stdout
    return out.split()[0]


SPEC = ServiceSpec(
    "caddy",
    "http://127.0.0.1:18260",
    USERNAME,
    PASSWORD,
    _caddy_ready,
    _caddy_version,
    _caddy_settle,
)
