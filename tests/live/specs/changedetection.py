"""changedetection.io 0.60.10 (PyPI venv) on 127.0.0.1:18220; header x-api-key.

``password`` of the service info is the API key (the credential the integration uses). The
watches changedetection/run.sh adds: a static file of the server itself, ``file://`` PAGE (which
tests rewrite to make a change) and 127.0.0.1:18999 (nothing listens: a watch with an error).
"""

from __future__ import annotations

import httpx

from tests.live.services import SVC_ROOT, ServiceSpec

API_KEY = "svcchangedetectionapikey0123456"
HEADERS = {"x-api-key": API_KEY}
PAGE = SVC_ROOT / "data" / "changedetection-page.txt"
DEAD_URL = "http://127.0.0.1:18999/"
WATCH_COUNT = 3


# --- changedetection.io -----------------------------------------------------------------------
def _changedetection_ready(client: httpx.Client, url: str) -> bool:
    try:
        r = client.get(f"{url}/api/v1/systeminfo", headers=HEADERS)
        return r.status_code == 200 and r.json()["watch_count"] >= WATCH_COUNT
    except (httpx.HTTPError, ValueError, KeyError):
        return False


def _changedetection_version(client: httpx.Client, url: str) -> str:
    r = client.get(f"{url}/api/v1/systeminfo", headers=HEADERS).raise_for_status()
    return str(r.json()["version"])


SPEC = ServiceSpec(
    "$SVC_ROOT/venvs/changedetection/bin/changedetection.io",
    "http://127.0.0.1:18220",
    None,
    API_KEY,
    _changedetection_ready,
    _changedetection_version,
)
