"""SABnzbd 3.7.1 (Debian contrib) on 127.0.0.1:18270, API key pre-seeded in sabnzbd.ini."""

from __future__ import annotations

import httpx

from tests.live.services import PASSWORD, USERNAME, ServiceSpec, status

API_KEY = "0123456789abcdef0123456789abcdef"
"""The ``api_key`` sabnzbd/run.sh writes into sabnzbd.ini (web UI login: admin / adminpass123)."""


# --- SABnzbd ----------------------------------------------------------------------------------
def _sabnzbd_ready(client: httpx.Client, url: str) -> bool:
    return status(client, f"{url}/api?mode=version&output=json") == 200


def _sabnzbd_version(client: httpx.Client, url: str) -> str:
    # mode=version needs no key: the queue proves the pre-seeded key works.
    params = {"mode": "queue", "limit": "1", "output": "json", "apikey": API_KEY}
    r = client.get(f"{url}/api", params=params)
    if r.status_code != 200:
        raise RuntimeError(f"SABnzbd refused the API key: HTTP {r.status_code} {r.text[:100]!r}")
    return str(r.json()["queue"]["version"])


SPEC = ServiceSpec(
    "sabnzbdplus",
    "http://127.0.0.1:18270",
    USERNAME,
    PASSWORD,
    _sabnzbd_ready,
    _sabnzbd_version,
)
