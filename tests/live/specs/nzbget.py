"""NZBGet 21.0 (Debian) on 127.0.0.1:18180, JSON-RPC with basic auth nzbget / adminpass123."""

from __future__ import annotations

import httpx

from tests.live.services import PASSWORD, ServiceSpec, status

USERNAME = "nzbget"


def _nzbget_ready(client: httpx.Client, url: str) -> bool:
    return status(client, f"{url}/jsonrpc/version") == 401  # up, and asking for credentials


def _nzbget_version(client: httpx.Client, url: str) -> str:
    r = client.get(f"{url}/jsonrpc/version", auth=(USERNAME, PASSWORD))
    r.raise_for_status()
    return str(r.json()["result"])


SPEC = ServiceSpec(
    "nzbget",
    "http://127.0.0.1:18180",
    USERNAME,
    PASSWORD,
    _nzbget_ready,
    _nzbget_version,
)
