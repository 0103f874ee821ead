"""Nextcloud integration against fixtures transcribed from the serverinfo app's documentation."""

from __future__ import annotations

import base64
from collections.abc import Callable
from functools import partial
from typing import Any

import httpx
import pytest

from integrations.capabilities import SystemResources
from integrations.errors import ErrorCode, IntegrationError
from integrations.nextcloud import integration
from integrations.nextcloud.client import NextcloudClient
from integrations.nextcloud.definition import NextcloudStats
from integrations.types import ServiceInfo
from tests.integrations.upstream import (
    FakeUpstream,
    fixture,
    fixture_body,
    response_of,
    secret_check,
)

ID = "nextcloud"
TOKEN = "fixture-serverinfo-token"
ADMIN, PASSWORD = "admin", "fixture-app-password"
BASE = "https://cloud.example.test"
INFO = ("GET", "/ocs/v2.php/apps/serverinfo/api/v1/info")


def config(
    credentials: dict[str, Any] | None = None, url: str = BASE, **extra: Any
) -> dict[str, Any]:
    creds = credentials or {"type": "ncToken", "token": TOKEN}
    return {"url": url, "credentials": creds, "extra": extra}


def basic(username: str = ADMIN, password: str = PASSWORD) -> dict[str, Any]:
    return {"type": "usernamePassword", "username": username, "password": password}


body = partial(fixture_body, ID)
assert_no_secret = secret_check(TOKEN, PASSWORD)


def authorised(request: httpx.Request) -> bool:
    if request.headers.get("nc-token") == TOKEN:
        return True
    expected = base64.b64encode(f"{ADMIN}:{PASSWORD}".encode()).decode()
    return request.headers.get("authorization") == f"Basic {expected}"


def refuse(request: httpx.Request) -> httpx.Response | None:
    """serverinfo's rule: the token or an admin login, else 401."""
    if not authorised(request):
        return response_of(fixture(ID, "unauthorized"))
    return None


def serverinfo(
    with_apps: str = "info_apps", without_apps: str = "info"
) -> Callable[[httpx.Request], httpx.Response]:
    """serverinfo's answer: apps only when asked for."""

    def handle(request: httpx.Request) -> httpx.Response:
        wants_apps = request.url.params.get("skipApps") == "false"
        return response_of(fixture(ID, with_apps if wants_apps else without_apps))

    return handle


def fake(**kwargs: str) -> FakeUpstream:
    return FakeUpstream(ID, {INFO: serverinfo(**kwargs)}, refuse=refuse)


# --- metadata -----------------------------------------------------------------------------------


def test_metadata() -> None:
    assert integration.id == "nextcloud"
    assert [(f.name, f.kind.value) for f in integration.form() if f.group != "connection"] == [
        ("credentials.token", "secret"),
        ("credentials.username", "string"),
        ("credentials.password", "secret"),
        ("extra.cpuCount", "number"),
    ]
    assert integration.endpoints["system"].payload is SystemResources
    assert integration.endpoints["stats"].payload is NextcloudStats
    assert integration.verification.startswith("Built from the Nextcloud serverinfo API")


# --- success ------------------------------------------------------------------------------------


async def test_connection_with_the_token(make_client: Callable[..., NextcloudClient]) -> None:
    upstream = fake()
    info = await integration.test_connection(make_client(upstream))

    assert info == ServiceInfo(
        version=body("info")["ocs"]["data"]["nextcloud"]["system"]["version"]
    )
    assert info.version == "30.0.0.1"
    (request,) = upstream.requests
    assert request.headers["nc-token"] == TOKEN
    assert request.headers["ocs-apirequest"] == "true"
    assert "authorization" not in request.headers
    assert dict(request.url.params) == {"format": "json", "skipApps": "true", "skipUpdate": "true"}


async def test_connection_with_an_admin_login(
    make_client: Callable[..., NextcloudClient],
) -> None:
    upstream = fake()
    info = await integration.test_connection(make_client(upstream, credentials=basic()))

    assert info.version == "30.0.0.1"
    (request,) = upstream.requests
    assert request.headers["authorization"].startswith("Basic ")
    assert "nc-token" not in request.headers


async def test_system_from_the_load_and_memory(
    make_client: Callable[..., NextcloudClient],
) -> None:
    system = await integration.fetch_data(make_client(fake()), "system")

    data = body("info")["ocs"]["data"]["nextcloud"]["system"]
    load1, load5, load15 = data["cpuload"]
    total, free = data["mem_total"] * 1024, data["mem_free"] * 1024
    assert isinstance(system, SystemResources)
    assert (system.load1, system.load5, system.load15) == (load1, load5, load15)
    assert system.cpu_percent == round(min(load1, 1.0) * 100, 1) == 85.0  # one CPU assumed
    assert system.cpu_count is None
    assert (system.memory_total, system.memory_used) == (total, total - free)
    assert system.memory_percent == round((total - free) / total * 100, 1)
    assert system.disks == []


async def test_cpu_percent_uses_the_configured_cpu_count(
    make_client: Callable[..., NextcloudClient],
) -> None:
    system = await integration.fetch_data(make_client(fake(), cpu_count=4), "system")

    load1 = body("info")["ocs"]["data"]["nextcloud"]["system"]["cpuload"][0]
    assert system.cpu_count == 4
    assert system.cpu_percent == round(load1 / 4 * 100, 1)


async def test_values_serverinfo_cannot_read_are_empty(
    make_client: Callable[..., NextcloudClient],
) -> None:
    system = await integration.fetch_data(
        make_client(fake(without_apps="info_not_available")), "system"
    )

    assert body("info_not_available")["ocs"]["data"]["nextcloud"]["system"]["cpuload"] == "N/A"
    assert (system.load1, system.load5, system.load15) == (None, None, None)
    assert (system.cpu_percent, system.memory_total, system.memory_used) == (0.0, 0, 0)
    assert system.memory_percent == 0.0


async def test_stats(make_client: Callable[..., NextcloudClient]) -> None:
    upstream = fake()
    stats = await integration.fetch_data(make_client(upstream), "stats")

    data = body("info_apps")["ocs"]["data"]
    cloud, active = data["nextcloud"], data["activeUsers"]
    assert isinstance(stats, NextcloudStats)
    assert stats.version == cloud["system"]["version"]
    assert stats.users == cloud["storage"]["num_users"] == 7
    assert (stats.active_users_5min, stats.active_users_1h, stats.active_users_24h) == (
        active["last5minutes"],
        active["last1hour"],
        active["last24hours"],
    )
    assert stats.files == cloud["storage"]["num_files"]
    assert stats.storages == cloud["storage"]["num_storages"]
    assert stats.shares == cloud["shares"]["num_shares"]
    assert stats.link_shares == cloud["shares"]["num_shares_link"]
    assert stats.free_space == cloud["system"]["freespace"]
    assert stats.apps_installed == cloud["system"]["apps"]["num_installed"]
    assert stats.app_updates_available == cloud["system"]["apps"]["num_updates_available"] == 1
    assert (
        stats.app_updates == sorted(cloud["system"]["apps"]["app_updates"]) == ["files_antivirus"]
    )
    (request,) = upstream.requests
    assert request.url.params["skipApps"] == "false"


async def test_stats_of_an_older_server(make_client: Callable[..., NextcloudClient]) -> None:
    stats = await integration.fetch_data(
        make_client(fake(with_apps="info_without_active_users")), "stats"
    )

    apps = body("info_without_active_users")["ocs"]["data"]["nextcloud"]["system"]["apps"]
    assert apps["app_updates"] == []  # PHP writes an empty map as a list
    assert stats.version == "15.0.4.0"
    assert (stats.active_users_5min, stats.active_users_1h, stats.active_users_24h) == (
        None,
        None,
        None,
    )
    assert (stats.app_updates_available, stats.app_updates) == (0, [])


# --- failures -----------------------------------------------------------------------------------


async def test_wrong_token_is_unauthorized(make_client: Callable[..., NextcloudClient]) -> None:
    client = make_client(fake(), credentials={"type": "ncToken", "token": "wrong-token"})
    for call in (integration.test_connection(client), integration.fetch_data(client, "stats")):
        with pytest.raises(IntegrationError) as caught:
            await call
        err = caught.value
        assert (err.code, err.status) == (ErrorCode.UNAUTHORIZED, 401)
        assert "serverinfo token" in err.message
        assert err.url == f"{BASE}/ocs/v2.php/apps/serverinfo/api/v1/info"
        assert_no_secret(err, "wrong-token")


async def test_wrong_password_or_not_an_admin_is_unauthorized(
    make_client: Callable[..., NextcloudClient],
) -> None:
    client = make_client(fake(), credentials=basic(password="wrong-password"))
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(client)
    err = caught.value
    assert (err.code, err.status) == (ErrorCode.UNAUTHORIZED, 401)
    assert "admin" in err.message
    assert_no_secret(err, "wrong-password")


async def test_ocs_failure_in_a_200_answer(make_client: Callable[..., NextcloudClient]) -> None:
    refused = {"ocs": {"meta": {"status": "failure", "statuscode": 997, "message": ""}, "data": []}}
    upstream = FakeUpstream(ID, {INFO: httpx.Response(200, json=refused)})
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(upstream))
    assert caught.value.code is ErrorCode.UNAUTHORIZED

    refused["ocs"]["meta"]["statuscode"] = 500  # type: ignore[index]
    upstream = FakeUpstream(ID, {INFO: httpx.Response(200, json=refused)})
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(upstream))
    assert caught.value.code is ErrorCode.UPSTREAM_ERROR


@pytest.mark.parametrize("name", ["not_that_service", "other_json"])
async def test_not_nextcloud_is_invalid_response(
    make_client: Callable[..., NextcloudClient], name: str
) -> None:
    client = make_client(FakeUpstream(ID, {INFO: name}))
    for call in (
        integration.test_connection(client),
        integration.fetch_data(client, "system"),
        integration.fetch_data(client, "stats"),
    ):
        with pytest.raises(IntegrationError) as caught:
            await call
        assert (caught.value.code, caught.value.status) == (ErrorCode.INVALID_RESPONSE, 200)
        assert_no_secret(caught.value)


async def test_serverinfo_disabled_is_not_found(
    make_client: Callable[..., NextcloudClient],
) -> None:
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(FakeUpstream(ID, {})))
    assert (caught.value.code, caught.value.status) == (ErrorCode.NOT_FOUND, 404)


@pytest.mark.parametrize(
    ("status", "code"), [(503, ErrorCode.UPSTREAM_ERROR), (429, ErrorCode.RATE_LIMITED)]
)
async def test_server_error_and_brute_force_throttling(
    make_client: Callable[..., NextcloudClient], status: int, code: ErrorCode
) -> None:
    upstream = FakeUpstream(ID, {INFO: httpx.Response(status, text="Service Unavailable")})
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(make_client(upstream), "system")
    assert (caught.value.code, caught.value.status) == (code, status)
    assert_no_secret(caught.value)
