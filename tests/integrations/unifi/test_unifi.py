"""UniFi Network integration against fixtures transcribed from the UniFi Network API 9.4.17
documentation (and the 10.2.105 device overview, for the version difference)."""

from __future__ import annotations

import copy
from collections.abc import Callable
from functools import partial
from typing import Any

import httpx
import pytest

from integrations.errors import ErrorCode, IntegrationError
from integrations.types import ServiceInfo
from integrations.unifi import integration
from integrations.unifi.client import MAX_ITEMS, PAGE_LIMIT, UnifiClient
from integrations.unifi.definition import UnifiSummary
from tests.integrations.upstream import (
    FakeUpstream,
    fixture_body,
    needs_header,
    secret_check,
)

ID = "unifi"
KEY = "fixture-api-key"
BASE = "https://unifi.test"
PREFIX = "/proxy/network/integration/v1"
SITE1 = "497f6eca-6276-4993-bfeb-53cbbbba6f08"
SITE2 = "c2692e57-1e51-4519-bb90-c2bdad5882ca"
INFO = ("GET", f"{PREFIX}/info")
SITES = ("GET", f"{PREFIX}/sites")
DEVICES = ("GET", f"{PREFIX}/sites/{SITE1}/devices")
CLIENTS = ("GET", f"{PREFIX}/sites/{SITE1}/clients")
DEVICES2 = ("GET", f"{PREFIX}/sites/{SITE2}/devices")
CLIENTS2 = ("GET", f"{PREFIX}/sites/{SITE2}/clients")
API = {INFO: "info", SITES: "sites", DEVICES: "devices", CLIENTS: "clients"}
ONLINE = {"ONLINE"}
OFFLINE = {"OFFLINE", "CONNECTION_INTERRUPTED", "ISOLATED"}


def config(api_key: str = KEY, url: str = BASE, site: str = "") -> dict[str, Any]:
    return {
        "url": url,
        "credentials": {"type": "apiKey", "apiKey": api_key},
        "extra": {"site": site},
    }


body = partial(fixture_body, ID)
assert_no_secret = secret_check(KEY)


class FakeUnifi:
    """The Network API's rules over the documented answers: every call needs the API key
    (401 with the shared error body otherwise)."""

    def __init__(self, routes: dict[tuple[str, str], Any] | None = None) -> None:
        api = {**API, **(routes or {})}
        self.upstream = FakeUpstream(
            ID, api, refuse=needs_header(ID, "x-api-key", KEY, "unauthorized")
        )

    def requests_to(self, path: str) -> list[httpx.Request]:
        return [r for r in self.upstream.requests if r.url.path == path]


def counts(devices: list[dict[str, Any]]) -> tuple[int, int, int, int]:
    online = sum(d["state"] in ONLINE for d in devices)
    offline = sum(d["state"] in OFFLINE for d in devices)
    return len(devices), online, offline, len(devices) - online - offline


def as_tuple(group: Any) -> tuple[int, int, int, int]:
    return group.total, group.online, group.offline, group.other


# --- metadata -----------------------------------------------------------------------------------


def test_metadata() -> None:
    assert integration.id == "unifi"
    assert integration.verification.startswith("Built from the UniFi Network API documentation")
    assert [(f.name, f.kind.value) for f in integration.form() if f.group != "connection"] == [
        ("credentials.apiKey", "secret"),
        ("extra.site", "string"),
    ]
    summary = integration.endpoints["summary"]
    assert (summary.payload, summary.ttl, summary.min_refresh) == (UnifiSummary, 30.0, 10.0)


# --- success ------------------------------------------------------------------------------------


async def test_connection_reports_version(make_client: Callable[..., UnifiClient]) -> None:
    fake = FakeUnifi()
    info = await integration.test_connection(make_client(fake.upstream))

    assert info == ServiceInfo(
        version=body("info")["applicationVersion"],
        details={"apiPath": PREFIX, "sites": str(body("sites")["totalCount"])},
    )
    assert info.version == "9.1.0"
    for request in fake.upstream.requests:
        assert request.headers["x-api-key"] == KEY
        assert request.headers["accept"] == "application/json"


async def test_summary_counts_devices_and_clients(
    make_client: Callable[..., UnifiClient],
) -> None:
    fake = FakeUnifi()
    summary = await integration.fetch_data(make_client(fake.upstream), "summary")

    assert isinstance(summary, UnifiSummary)
    devices = body("devices")["data"]
    clients = body("clients")["data"]
    by_kind: dict[str, list[dict[str, Any]]] = {"gateway": [], "accessPoint": [], "switching": []}
    for device in devices:
        kind = next(k for k in ("gateway", "accessPoint", "switching") if k in device["features"])
        by_kind[kind].append(device)

    assert summary.version == body("info")["applicationVersion"]
    assert as_tuple(summary.devices) == counts(devices) == (6, 4, 1, 1)
    assert as_tuple(summary.gateways) == counts(by_kind["gateway"]) == (1, 1, 0, 0)
    # IW HD has an access point and a built-in switch: an access point
    assert as_tuple(summary.access_points) == counts(by_kind["accessPoint"]) == (3, 2, 1, 0)
    assert as_tuple(summary.switches) == counts(by_kind["switching"]) == (2, 1, 0, 1)
    assert summary.firmware_updates is None  # 9.x overviews do not say
    assert summary.clients.total == body("clients")["totalCount"] == 5
    assert summary.clients.wired == sum(c["type"] == "WIRED" for c in clients) == 1
    assert summary.clients.wireless == sum(c["type"] == "WIRELESS" for c in clients) == 2
    assert summary.clients.vpn == sum(c["type"] in ("VPN", "TELEPORT") for c in clients) == 2
    assert summary.clients.guests == sum(c["access"]["type"] == "GUEST" for c in clients) == 1
    [site] = summary.sites
    assert (site.id, site.name) == (SITE1, body("sites")["data"][0]["name"])
    assert site.devices == summary.devices
    assert site.clients == summary.clients
    for request in fake.requests_to(DEVICES[1]) + fake.requests_to(CLIENTS[1]):
        assert request.url.params["offset"] == "0"
        assert request.url.params["limit"] == str(PAGE_LIMIT)


async def test_summary_adds_up_every_site(make_client: Callable[..., UnifiClient]) -> None:
    fake = FakeUnifi({SITES: "sites_two", DEVICES2: "devices_cabin", CLIENTS2: "clients_cabin"})
    summary = await integration.fetch_data(make_client(fake.upstream), "summary")

    devices = body("devices")["data"] + body("devices_cabin")["data"]
    assert [s.name for s in summary.sites] == [s["name"] for s in body("sites_two")["data"]]
    assert as_tuple(summary.sites[1].devices) == counts(body("devices_cabin")["data"])
    assert summary.sites[1].clients.total == 0
    assert as_tuple(summary.devices) == counts(devices) == (7, 4, 2, 1)
    assert summary.access_points.offline == 2
    assert summary.clients.total == body("clients")["totalCount"]


@pytest.mark.parametrize("site", ["Cabin", "cabin", "f8e2k1ba", SITE2])
async def test_site_setting_picks_one_site(
    make_client: Callable[..., UnifiClient], site: str
) -> None:
    fake = FakeUnifi({SITES: "sites_two", DEVICES2: "devices_cabin", CLIENTS2: "clients_cabin"})
    client = make_client(fake.upstream, site=site)
    summary = await integration.fetch_data(client, "summary")

    assert [s.id for s in summary.sites] == [SITE2]
    assert as_tuple(summary.devices) == counts(body("devices_cabin")["data"]) == (1, 0, 1, 0)
    assert fake.upstream.calls[DEVICES] == 0
    info = await integration.test_connection(client)
    assert info.details["site"] == "Cabin"


async def test_unknown_site_is_not_found(make_client: Callable[..., UnifiClient]) -> None:
    fake = FakeUnifi({SITES: "sites_two"})
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(make_client(fake.upstream, site="Office"), "summary")
    assert caught.value.code is ErrorCode.NOT_FOUND
    assert caught.value.message == "UniFi Network has no site 'Office' (sites: Default, Cabin)"


async def test_long_client_lists_are_read_page_by_page(
    make_client: Callable[..., UnifiClient],
) -> None:
    template = body("clients")["data"]
    every = []
    for n in range(450):
        item = copy.deepcopy(template[n % len(template)])
        item["id"] = f"00000000-0000-0000-0000-{n:012d}"
        every.append(item)

    def page(request: httpx.Request) -> httpx.Response:
        offset, limit = int(request.url.params["offset"]), int(request.url.params["limit"])
        data = every[offset : offset + limit]
        return httpx.Response(
            200,
            json={
                "offset": offset,
                "limit": limit,
                "count": len(data),
                "totalCount": 450,
                "data": data,
            },
        )

    fake = FakeUnifi({CLIENTS: page})
    summary = await integration.fetch_data(make_client(fake.upstream), "summary")

    offsets = sorted(int(r.url.params["offset"]) for r in fake.requests_to(CLIENTS[1]))
    assert offsets == [0, 200, 400]
    assert summary.clients.total == 450
    assert summary.clients.wired == sum(c["type"] == "WIRED" for c in every) == 90
    assert summary.clients.vpn == sum(c["type"] in ("VPN", "TELEPORT") for c in every) == 180


async def test_list_reading_is_capped(make_client: Callable[..., UnifiClient]) -> None:
    item = body("clients")["data"][0]

    def page(request: httpx.Request) -> httpx.Response:
        offset = int(request.url.params["offset"])
        return httpx.Response(
            200,
            json={
                "offset": offset,
                "limit": 200,
                "count": 200,
                "totalCount": 100_000,
                "data": [item] * 200,
            },
        )

    fake = FakeUnifi({CLIENTS: page})
    summary = await integration.fetch_data(make_client(fake.upstream), "summary")

    assert fake.upstream.calls[CLIENTS] == MAX_ITEMS // 200
    assert summary.clients.total == 100_000  # the site's count, though not every page was read
    assert summary.clients.wired == MAX_ITEMS


async def test_network_10_reports_firmware_updates(
    make_client: Callable[..., UnifiClient],
) -> None:
    fake = FakeUnifi({DEVICES: "devices_v10"})
    summary = await integration.fetch_data(make_client(fake.upstream), "summary")

    devices = body("devices_v10")["data"]
    assert summary.firmware_updates == sum(d["firmwareUpdatable"] for d in devices) == 1
    assert as_tuple(summary.switches) == (1, 1, 0, 0)


async def test_api_without_the_unifi_os_proxy_is_found(
    make_client: Callable[..., UnifiClient],
) -> None:
    plain = {
        ("GET", path.replace(PREFIX, "/integration/v1")): name for (_, path), name in API.items()
    }
    fake = FakeUnifi(plain)
    del fake.upstream.routes[INFO]
    client = make_client(fake.upstream)

    info = await integration.test_connection(client)
    summary = await integration.fetch_data(client, "summary")

    assert info.details["apiPath"] == "/integration/v1"
    assert summary.devices.total == len(body("devices")["data"])
    assert fake.upstream.calls[INFO] == 1  # asked once, then remembered


# --- failures -----------------------------------------------------------------------------------


async def test_no_network_api_is_not_found(make_client: Callable[..., UnifiClient]) -> None:
    upstream = FakeUpstream(ID, {})
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(upstream))
    assert caught.value.code is ErrorCode.NOT_FOUND
    assert "neither /proxy/network/integration/v1 nor /integration/v1" in caught.value.message
    assert upstream.calls == {INFO: 1, ("GET", "/integration/v1/info"): 1}


async def test_wrong_key_is_unauthorized(make_client: Callable[..., UnifiClient]) -> None:
    fake = FakeUnifi()
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(fake.upstream, api_key="wrong-key"))
    err = caught.value
    assert err.code is ErrorCode.UNAUTHORIZED
    assert err.status == 401
    assert "Integrations" in err.message
    assert_no_secret(err, "wrong-key")


async def test_documented_400_refusal_is_unauthorized(
    make_client: Callable[..., UnifiClient],
) -> None:
    fake = FakeUnifi({INFO: "unauthorized_400"})
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(fake.upstream))
    assert caught.value.code is ErrorCode.UNAUTHORIZED
    assert caught.value.status == 400
    assert_no_secret(caught.value)


@pytest.mark.parametrize("name", ["not_that_service", "other_json"])
async def test_not_unifi_is_invalid_response(
    make_client: Callable[..., UnifiClient], name: str
) -> None:
    fake = FakeUnifi({INFO: name})
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(make_client(fake.upstream), "summary")
    assert caught.value.code is ErrorCode.INVALID_RESPONSE
    assert_no_secret(caught.value)


async def test_server_error_is_upstream_error(make_client: Callable[..., UnifiClient]) -> None:
    fake = FakeUnifi({CLIENTS: "server_error"})
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(make_client(fake.upstream), "summary")
    assert caught.value.code is ErrorCode.UPSTREAM_ERROR
    assert caught.value.status == 500
    assert_no_secret(caught.value)
