"""Home Assistant Core 2024.3.3 (PyPI venv) on 127.0.0.1:18240, long-lived access token.

homeassistant/run.sh creates the user admin / adminpass123 and mints a long-lived access token
into ``$SVC_ROOT/data/homeassistant/llat.txt`` at the first start; ``token()`` reads it.
"""

from __future__ import annotations

import httpx

from tests.live.services import PASSWORD, SVC_ROOT, USERNAME, ServiceSpec

TOKEN_FILE = SVC_ROOT / "data" / "homeassistant" / "llat.txt"


def token() -> str:
    """The long-lived access token run.sh minted."""
    return TOKEN_FILE.read_text().strip()


def bearer() -> dict[str, str]:
    return {"Authorization": f"Bearer {token()}"}


# --- Home Assistant ---------------------------------------------------------------------------
def _homeassistant_ready(client: httpx.Client, url: str) -> bool:
    if not TOKEN_FILE.is_file():
        return False
    try:
        r = client.get(f"{url}/api/config", headers=bearer())
        return r.status_code == 200 and r.json().get("state") == "RUNNING"
    except (httpx.HTTPError, ValueError):
        return False


def _homeassistant_version(client: httpx.Client, url: str) -> str:
    r = client.get(f"{url}/api/config", headers=bearer()).raise_for_status()
    return str(r.json()["version"])


SPEC = ServiceSpec(
    "$SVC_ROOT/venvs/homeassistant/bin/hass",
    "http://127.0.0.1:18240",
    USERNAME,
    PASSWORD,
    _homeassistant_ready,
    _homeassistant_version,
)
