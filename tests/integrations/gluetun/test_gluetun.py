"""Gluetun integration against the control server's answers as Gluetun 3.41.1's sources write
them, and older versions' routes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from integrations.errors import ErrorCode, IntegrationError
from integrations.gluetun import integration
from integrations.gluetun.client import GluetunClient
from integrations.gluetun.definition import GluetunStatus
from tests.integrations.upstream import FakeUpstream, needs_header, secret_check

ID = "gluetun"
BASE = "http://gluetun.test:8000"
KEY = "fixture-gluetun-api-key"
ROUTES: dict[tuple[str, str], Any] = {
    ("GET", "/v1/vpn/status"): "vpn_status",
    ("GET", "/v1/publicip/ip"): "public_ip",
    ("GET", "/v1/portforward"): "port_forwarded",
    ("GET", "/v1/version"): "version",
}

MakeClient = Callable[..., GluetunClient]
assert_no_secret = secret_check(KEY)


def config(key: str | None = None, url: str = BASE) -> dict[str, Any]:
    credentials: dict[str, Any] = {"type": "none"}
    if key is not None:
        credentials = {"type": "apiKey", "apiKey": key}
    return {"url": url, "credentials": credentials}


def gluetun(**changes: Any) -> FakeUpstream:
    """Gluetun's router: a route it lacks is a 400 naming it (never a 404)."""
    routes = dict(ROUTES)
    for key, value in changes.items():
        method, _, path = key.partition(" ")
        if value is None:
            routes.pop((method, path))
        else:
            routes[(method, path)] = value
    upstream = FakeUpstream(ID, routes)
    handle = upstream.handle

    def route(request: httpx.Request) -> httpx.Response:
        if (request.method, request.url.path) not in upstream.routes:
            return httpx.Response(400, text=f"{request.method} {request.url.path[3:]} not found\n")
        return handle(request)

    upstream.handle = route  # type: ignore[method-assign]
    return upstream


async def status(client: GluetunClient) -> GluetunStatus:
    payload = await integration.fetch_data(client, "status")
    assert isinstance(payload, GluetunStatus)
    return payload


async def test_status(make_client: MakeClient) -> None:
    payload = await status(make_client(gluetun()))
    assert payload.running and payload.vpn_status == "running"
    assert (payload.public_ip, payload.country, payload.city) == (
        "198.51.100.23",
        "Netherlands",
        "Amsterdam",
    )
    assert payload.organization == "AS64500 Example VPN B.V."
    assert payload.forwarded_ports == [51413]


async def test_connection(make_client: MakeClient) -> None:
    info = await integration.test_connection(make_client(gluetun()))
    assert info.version == "v3.41.1" and info.details == {"vpn": "running"}


async def test_older_routes_and_no_lookup_yet(make_client: MakeClient) -> None:
    upstream = gluetun(
        **{
            "GET /v1/vpn/status": None,
            "GET /v1/openvpn/status": {"status": "stopped"},
            "GET /v1/portforward": None,
            "GET /v1/openvpn/portforwarded": {"port": 0},
            "GET /v1/publicip/ip": {"public_ip": ""},
            "GET /v1/version": None,
        }
    )
    payload = await status(make_client(upstream))
    assert not payload.running and payload.vpn_status == "stopped"
    assert payload.public_ip is None and payload.forwarded_ports == []
    info = await integration.test_connection(make_client(upstream))
    assert info.version is None


async def test_several_forwarded_ports(make_client: MakeClient) -> None:
    upstream = gluetun(**{"GET /v1/portforward": {"ports": [51413, 51414]}})
    assert (await status(make_client(upstream))).forwarded_ports == [51413, 51414]


async def test_no_status_route_at_all_is_not_found(make_client: MakeClient) -> None:
    upstream = gluetun(**{"GET /v1/vpn/status": None})
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(upstream))
    assert caught.value.code is ErrorCode.NOT_FOUND
    assert "control server" in caught.value.message


async def test_api_key_header_and_refusal(make_client: MakeClient) -> None:
    upstream = FakeUpstream(ID, ROUTES, refuse=needs_header(ID, "x-api-key", KEY, "unauthorized"))
    assert (await status(make_client(upstream, KEY))).running
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(upstream, "wrong-key"))
    assert caught.value.code is ErrorCode.UNAUTHORIZED
    assert "API key" in caught.value.message
    assert_no_secret(caught.value, "wrong-key", KEY)


async def test_another_bad_request_is_an_error(make_client: MakeClient) -> None:
    upstream = gluetun(**{"GET /v1/publicip/ip": httpx.Response(400, text="bad things")})
    with pytest.raises(IntegrationError) as caught:
        await status(make_client(upstream))
    assert caught.value.status == 400
