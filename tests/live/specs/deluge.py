"""Deluge 2.0.3 (Debian): deluge-web on 127.0.0.1:18131 (password adminpass123), connected to its
child deluged on 127.0.0.1:18130 (see services/deluge/run.sh)."""

from __future__ import annotations

from typing import Any

import httpx

from tests.live.services import PASSWORD, ServiceSpec

JSON = "/json"


def _rpc(client: httpx.Client, url: str, method: str, *params: Any) -> Any:
    r = client.post(f"{url}{JSON}", json={"method": method, "params": list(params), "id": 1})
    r.raise_for_status()
    data = r.json()
    if data.get("error"):
        raise RuntimeError(f"Deluge {method}: {data['error']}")
    return data["result"]


def _deluge_ready(client: httpx.Client, url: str) -> bool:
    """The web API answers (auth.check_session needs no session: it says whether there is one)."""
    try:
        r = client.post(
            f"{url}{JSON}", json={"method": "auth.check_session", "params": [], "id": 0}
        )
        return r.status_code == 200 and "result" in r.json()
    except (httpx.HTTPError, ValueError):
        return False


def _deluge_settle(client: httpx.Client, url: str) -> None:
    """Logged in, the web UI connected to the daemon (run.sh connects it when it starts)."""
    if _rpc(client, url, "auth.login", PASSWORD) is not True:
        raise RuntimeError("Deluge web login failed")
    if not _rpc(client, url, "web.connected"):
        hosts = _rpc(client, url, "web.get_hosts")
        _rpc(client, url, "web.connect", hosts[0][0])
        if not _rpc(client, url, "web.connected"):
            raise RuntimeError("deluge-web is not connected to deluged")


def _deluge_version(client: httpx.Client, url: str) -> str:
    _deluge_settle(client, url)  # a fresh client has no session cookie yet
    return str(_rpc(client, url, "daemon.get_version"))


SPEC = ServiceSpec(
    "deluge-web",
    "http://127.0.0.1:18131",
    None,
    PASSWORD,
    _deluge_ready,
    _deluge_version,
    _deluge_settle,
)
