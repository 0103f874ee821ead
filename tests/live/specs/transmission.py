"""transmission-daemon 3.00 (Debian) on 127.0.0.1:18120, basic auth admin / adminpass123."""

from __future__ import annotations

import httpx

from tests.live.services import PASSWORD, USERNAME, ServiceSpec, status


# --- Transmission -----------------------------------------------------------------------------
def _transmission_ready(client: httpx.Client, url: str) -> bool:
    return status(client, f"{url}/transmission/rpc") in (401, 409)


def _transmission_version(client: httpx.Client, url: str) -> str:
    rpc = f"{url}/transmission/rpc"
    auth = (USERNAME, PASSWORD)
    body = {"method": "session-get", "arguments": {"fields": ["version"]}}
    r = client.post(rpc, auth=auth, json=body)
    if r.status_code == 409:  # session-id handshake
        headers = {"X-Transmission-Session-Id": r.headers["X-Transmission-Session-Id"]}
        r = client.post(rpc, auth=auth, json=body, headers=headers)
    r.raise_for_status()
    return str(r.json()["arguments"]["version"])


SPEC = ServiceSpec(
    "transmission-daemon",
    "http://127.0.0.1:18120",
    USERNAME,
    PASSWORD,
    _transmission_ready,
    _transmission_version,
)
