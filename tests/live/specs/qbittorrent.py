"""qBittorrent-nox 4.5.2 (Debian) on 127.0.0.1:18110, form login admin / adminpass123."""

from __future__ import annotations

import httpx

from tests.live.services import PASSWORD, USERNAME, ServiceSpec, status


# --- qBittorrent ------------------------------------------------------------------------------
def _qbittorrent_ready(client: httpx.Client, url: str) -> bool:
    return status(client, f"{url}/api/v2/app/version") in (200, 403)


def _qbittorrent_version(client: httpx.Client, url: str) -> str:
    r = client.post(f"{url}/api/v2/auth/login", data={"username": USERNAME, "password": PASSWORD})
    if r.text != "Ok.":
        raise RuntimeError(f"qBittorrent login failed: HTTP {r.status_code} {r.text!r}")
    return client.get(f"{url}/api/v2/app/version").raise_for_status().text.strip()


SPEC = ServiceSpec(
    "qbittorrent-nox",
    "http://127.0.0.1:18110",
    USERNAME,
    PASSWORD,
    _qbittorrent_ready,
    _qbittorrent_version,
)
