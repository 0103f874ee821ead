"""aria2 1.36.0 (Debian) on 127.0.0.1:18290, JSON-RPC at /jsonrpc with the RPC secret
adminpass123 (the password of ServiceInfo)."""

from __future__ import annotations

import httpx

from tests.live.services import PASSWORD, ServiceSpec

RPC_PATH = "/jsonrpc"


def rpc(client: httpx.Client, url: str, method: str, *params: object) -> object:
    """One aria2 JSON-RPC call with the secret token; its result."""
    body = {
        "jsonrpc": "2.0",
        "id": "spec",
        "method": method,
        "params": [f"token:{PASSWORD}", *params],
    }
    r = client.post(f"{url}{RPC_PATH}", json=body).raise_for_status()
    return r.json()["result"]


def _aria2_ready(client: httpx.Client, url: str) -> bool:
    try:
        rpc(client, url, "aria2.getVersion")
    except (httpx.HTTPError, ValueError, KeyError):
        return False
    return True


def _aria2_version(client: httpx.Client, url: str) -> str:
    result = rpc(client, url, "aria2.getVersion")
    assert isinstance(result, dict)
    return str(result["version"])


SPEC = ServiceSpec("aria2c", "http://127.0.0.1:18290", None, PASSWORD, _aria2_ready, _aria2_version)
