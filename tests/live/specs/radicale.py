"""Radicale 3.9.0 (PyPI venv) on 127.0.0.1:18280: CalDAV with basic auth (USERNAME /
PASSWORD of tests.live.services, from a plain htpasswd file).

``put_calendar`` makes (or empties and refills) a calendar collection of the user with
MKCALENDAR and one PUT per event, as a CalDAV client does (RFC 4791 5.3.1, 5.3.2).
"""

from __future__ import annotations

import subprocess

import httpx

from tests.live.services import PASSWORD, SVC_ROOT, USERNAME, ServiceSpec

BINARY = SVC_ROOT / "venvs" / "radicale" / "bin" / "radicale"
AUTH = (USERNAME, PASSWORD)
MKCALENDAR = """<?xml version="1.0" encoding="utf-8"?>
<C:mkcalendar xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
  <D:set><D:prop><D:displayname>{name}</D:displayname></D:prop></D:set>
</C:mkcalendar>"""


# --- Radicale ---------------------------------------------------------------------------------
def _radicale_ready(client: httpx.Client, url: str) -> bool:
    # An authenticated PROPFIND of the user's home: answers 207 once the server is up.
    try:
        r = client.request("PROPFIND", f"{url}/{USERNAME}/", auth=AUTH, headers={"Depth": "0"})
    except httpx.HTTPError:
        return False
    return r.status_code == 207


def _radicale_version(client: httpx.Client, url: str) -> str:
    out = subprocess.run(
        [str(BINARY), "--version"], capture_output=True, text=True, timeout=30, check=True
    )
    return out.stdout.strip()


def put_calendar(url: str, collection: str, name: str, events: dict[str, str]) -> str:
    """A calendar ``collection`` of the user named ``name`` holding ``events`` (file name ->
    one VCALENDAR each), made anew; its URL (with the trailing slash)."""
    target = f"{url}/{USERNAME}/{collection}/"
    with httpx.Client(timeout=10.0, trust_env=False, auth=AUTH) as http:
        http.request("PROPFIND", f"{url}/{USERNAME}/", headers={"Depth": "0"})  # makes the home
        http.delete(target)  # 200 or 404: either way it is gone
        made = http.request("MKCALENDAR", target, content=MKCALENDAR.format(name=name).encode())
        made.raise_for_status()
        for file, text in events.items():
            put = http.put(
                target + file, content=text.encode(), headers={"Content-Type": "text/calendar"}
            )
            put.raise_for_status()
    return target


SPEC = ServiceSpec(
    "$SVC_ROOT/venvs/radicale/bin/radicale",
    "http://127.0.0.1:18280",
    USERNAME,
    PASSWORD,
    _radicale_ready,
    _radicale_version,
)
