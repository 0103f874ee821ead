"""pyLoad-ng 0.5.0b3.dev101 (PyPI) on 127.0.0.1:18230, admin / adminpass123 and an API key."""

from __future__ import annotations

import httpx

from tests.live.services import PASSWORD, USERNAME, ServiceSpec, status

API_KEY = "pl_11svcPyloadApiKey_0123456789abcdefghijklmnopq"
"""The key pyload/run.sh pre-seeds (header X-API-Key): "pl_", len(id), id 1, 43-char token."""


# --- pyLoad -----------------------------------------------------------------------------------
def _pyload_ready(client: httpx.Client, url: str) -> bool:
    # The login page, not the API: the API allows only 100 calls a minute per address.
    return status(client, f"{url}/login") == 200


def _pyload_version(client: httpx.Client, url: str) -> str:
    r = client.get(f"{url}/api/get_server_version", headers={"X-API-Key": API_KEY})
    if r.status_code != 200:
        raise RuntimeError(f"pyLoad refused the API key: HTTP {r.status_code} {r.text[:100]!r}")
    return str(r.json())


SPEC = ServiceSpec(
    "$SVC_ROOT/venvs/pyload/bin/pyload",
    "http://127.0.0.1:18230",
    USERNAME,
    PASSWORD,
    _pyload_ready,
    _pyload_version,
)
