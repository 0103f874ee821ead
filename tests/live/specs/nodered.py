"""Node-RED 4.1.8 (npm) on 127.0.0.1:18190, admin API login admin / adminpass123 (Bearer token)."""

from __future__ import annotations

import time

import httpx

from tests.live.services import PASSWORD, USERNAME, ServiceSpec, status

FLOWS_TIMEOUT_S = 20.0


def login(client: httpx.Client, url: str) -> str:
    """A fresh admin API token (the ``node-red-admin`` client's password grant)."""
    r = client.post(
        f"{url}/auth/token",
        data={
            "client_id": "node-red-admin",
            "grant_type": "password",
            "scope": "*",
            "username": USERNAME,
            "password": PASSWORD,
        },
    )
    if r.status_code != 200:
        raise RuntimeError(f"Node-RED login failed: HTTP {r.status_code} {r.text[:200]!r}")
    return str(r.json()["access_token"])


# --- Node-RED ---------------------------------------------------------------------------------
def _nodered_ready(client: httpx.Client, url: str) -> bool:
    return status(client, f"{url}/auth/login") == 200


def _nodered_settle(client: httpx.Client, url: str) -> None:
    """Wait until the flows run: the seeded http-in node answers GET /ping."""
    deadline = time.monotonic() + FLOWS_TIMEOUT_S
    while status(client, f"{url}/ping") != 200:
        if time.monotonic() > deadline:
            raise TimeoutError(f"Node-RED flows not started after {FLOWS_TIMEOUT_S:.0f} s")
        time.sleep(0.2)


def _nodered_version(client: httpx.Client, url: str) -> str:
    token = login(client, url)
    r = client.get(f"{url}/settings", headers={"Authorization": f"Bearer {token}"})
    return str(r.raise_for_status().json()["version"])


SPEC = ServiceSpec(
    "$SVC_ROOT/npm/nodered/node_modules/node-red/red.js",
    "http://127.0.0.1:18190",
    USERNAME,
    PASSWORD,
    _nodered_ready,
    _nodered_version,
    _nodered_settle,
)
