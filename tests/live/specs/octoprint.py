"""OctoPrint 1.11.8 (PyPI venv) on 127.0.0.1:18210 with the virtual printer; header X-Api-Key.

``password`` of the service info is the admin user's API key (the credential the integration
uses); the web login admin / adminpass123 is not used by the tests.
"""

from __future__ import annotations

import time

import httpx

from tests.live.services import ServiceSpec

API_KEY = "SVCOCTOPRINTAPIKEY0123456789ABCD"
HEADERS = {"X-Api-Key": API_KEY}
OPERATIONAL_TIMEOUT_S = 20.0


# --- OctoPrint --------------------------------------------------------------------------------
def _octoprint_ready(client: httpx.Client, url: str) -> bool:
    try:
        return client.get(f"{url}/api/version", headers=HEADERS).status_code == 200
    except httpx.HTTPError:
        return False


def _octoprint_settle(client: httpx.Client, url: str) -> None:
    """Wait until the virtual printer is connected and reports temperatures; connect it when a
    test left it offline."""
    deadline = time.monotonic() + OPERATIONAL_TIMEOUT_S
    while not _operational(client, url):
        if _offline(client, url):
            connect = {"command": "connect", "port": "VIRTUAL", "baudrate": 115200}
            client.post(f"{url}/api/connection", headers=HEADERS, json=connect)
        if time.monotonic() > deadline:
            limit = OPERATIONAL_TIMEOUT_S
            raise TimeoutError(f"OctoPrint: printer not operational after {limit:.0f} s")
        time.sleep(0.3)


def _operational(client: httpx.Client, url: str) -> bool:
    """Connected, and reporting temperatures (the virtual printer's first report comes a
    moment after it connects)."""
    r = client.get(f"{url}/api/printer", headers=HEADERS)
    if r.status_code != 200:
        return False
    body = r.json()
    temperatures = body.get("temperature") or {}
    return bool(body["state"]["flags"]["operational"]) and "bed" in temperatures


def _offline(client: httpx.Client, url: str) -> bool:
    r = client.get(f"{url}/api/connection", headers=HEADERS).raise_for_status()
    return str(r.json()["current"]["state"]).startswith(("Offline", "Closed"))


def _octoprint_version(client: httpx.Client, url: str) -> str:
    r = client.get(f"{url}/api/version", headers=HEADERS).raise_for_status()
    return str(r.json()["server"])


SPEC = ServiceSpec(
    "$SVC_ROOT/venvs/octoprint/bin/octoprint",
    "http://127.0.0.1:18210",
    None,
    API_KEY,
    _octoprint_ready,
    _octoprint_version,
    _octoprint_settle,
)
