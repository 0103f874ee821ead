"""Syncthing 1.19.2 (Debian) on 127.0.0.1:18170, API key in the X-API-Key header.

ServiceInfo.password carries the API key (Syncthing has no username for its REST API).
"""

from __future__ import annotations

import httpx

from tests.live.services import ServiceSpec

API_KEY = "svc-syncthing-apikey-0123456789"
HEADERS = {"X-API-Key": API_KEY}


# --- Syncthing --------------------------------------------------------------------------------
def _syncthing_ready(client: httpx.Client, url: str) -> bool:
    try:
        return client.get(f"{url}/rest/system/ping", headers=HEADERS).status_code == 200
    except httpx.HTTPError:
        return False


def _syncthing_version(client: httpx.Client, url: str) -> str:
    r = client.get(f"{url}/rest/system/version", headers=HEADERS).raise_for_status()
    return str(r.json()["version"])


SPEC = ServiceSpec(
    "syncthing",
    "http://127.0.0.1:18170",
    None,
    API_KEY,
    _syncthing_ready,
    _syncthing_version,
)
