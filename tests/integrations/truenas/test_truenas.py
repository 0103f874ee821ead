"""TrueNAS integration against fixtures transcribed from the TrueNAS REST API v2.0 docs."""

from __future__ import annotations

import base64
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from typing import Any

import httpx
import pytest

from integrations.errors import ErrorCode, IntegrationError
from integrations.truenas import integration
from integrations.truenas.client import TrueNASClient
from integrations.truenas.definition import TrueNASAlerts, TrueNASPools, TrueNASSystem, plain
from integrations.types import ServiceInfo
from tests.integrations.upstream import (
    Clients,
    FakeUpstream,
    fixture,
    fixture_body,
    response_of,
    secret_check,
)

ID = "truenas"
API_KEY = "1-Jq8nW3xZ5vR7tY9uI2oP4aS6dF8gH0jK1lZ3xC5vB7nM9qW2eR4tY6uI8oP0aS"
PASSWORD = "truenas-root-password"
BASE = "https://truenas.test"
SYSTEM_INFO = ("GET", "/api/v2.0/system/info")
POOL = ("GET", "/api/v2.0/pool")
ALERTS = ("GET", "/api/v2.0/alert/list")
API = {SYSTEM_INFO: "system_info", POOL: "pool", ALERTS: "alert_list"}
BASIC = "Basic " + base64.b64encode(f"root:{PASSWORD}".encode()).decode()


def key_config(key: str = API_KEY, url: str = BASE, **extra: Any) -> dict[str, Any]:
    return {"url": url, "credentials": {"type": "apiKey", "apiKey": key}, "extra": extra}


def password_config(password: str = PASSWORD, url: str = BASE) -> dict[str, Any]:
    creds = {"type": "usernamePassword", "username": "root", "password": password}
    return {"url": url, "credentials": creds}


body = partial(fixture_body, ID)
assert_no_secret = secret_check(always=(API_KEY, PASSWORD))


def fake_truenas(routes: dict[tuple[str, str], Any] | None = None) -> FakeUpstream:
    """TrueNAS's REST authentication over the transcribed answers: a Bearer API key or basic
    auth on every route, 401 otherwise."""

    def refuse(request: httpx.Request) -> httpx.Response | None:
        if request.headers.get("authorization") not in (f"Bearer {API_KEY}", BASIC):
            return response_of(fixture(ID, "unauthorized"))
        return None

    return FakeUpstream(ID, {**API, **(routes or {})}, refuse=refuse)


@pytest.fixture
def make_client(clients: Clients) -> Callable[..., TrueNASClient]:
    return lambda upstream, config=None: clients(config or key_config(), upstream)


# --- metadata -----------------------------------------------------------------------------------


def test_metadata() -> None:
    assert integration.verification == "Built from the TrueNAS REST API documentation, version 2.0"
    assert [(f.name, f.kind.value) for f in integration.form() if f.group != "connection"] == [
        ("credentials.username", "string"),
        ("credentials.password", "secret"),
        ("credentials.apiKey", "secret"),
        ("extra.allowApiKeyOverHttp", "boolean"),
    ]
    for endpoint_id, payload in [
        ("system", TrueNASSystem),
        ("pools", TrueNASPools),
        ("alerts", TrueNASAlerts),
    ]:
        assert integration.endpoints[endpoint_id].payload is payload


# --- success ------------------------------------------------------------------------------------


async def test_connection_with_api_key(make_client: Callable[..., TrueNASClient]) -> None:
    upstream = fake_truenas()
    info = await integration.test_connection(make_client(upstream))

    raw = body("system_info")
    assert info == ServiceInfo(
        version=raw["version"],
        details={"hostname": raw["hostname"], "uptime": f"{int(raw['uptime_seconds'])} s"},
    )
    assert info.version == "TrueNAS-SCALE-24.04.2.5"
    (request,) = upstream.requests
    assert request.headers["authorization"] == f"Bearer {API_KEY}"


async def test_connection_with_password(make_client: Callable[..., TrueNASClient]) -> None:
    upstream = fake_truenas()
    info = await integration.test_connection(make_client(upstream, password_config()))
    assert info.version == body("system_info")["version"]
    assert upstream.requests[0].headers["authorization"] == BASIC


async def test_system_matches_system_info(make_client: Callable[..., TrueNASClient]) -> None:
    result = await integration.fetch_data(make_client(fake_truenas()), "system")

    raw = body("system_info")
    assert isinstance(result, TrueNASSystem)
    assert result.hostname == raw["hostname"]
    assert result.version == raw["version"]
    assert result.cpu_model == raw["model"]
    assert result.cpu_count == raw["cores"] == 12
    assert result.physical_cores == raw["physical_cores"] == 6
    assert result.memory_total == raw["physmem"]
    assert [result.load1, result.load5, result.load15] == raw["loadavg"]
    assert result.uptime_seconds == int(raw["uptime_seconds"]) == 1051397
    assert result.ecc_memory is True


async def test_system_on_core(make_client: Callable[..., TrueNASClient]) -> None:
    upstream = fake_truenas({SYSTEM_INFO: "system_info_core"})
    result = await integration.fetch_data(make_client(upstream), "system")

    raw = body("system_info_core")
    assert isinstance(result, TrueNASSystem)
    assert result.version == raw["version"] == "TrueNAS-13.0-U6.2"
    assert result.cpu_count == raw["cores"]
    assert (result.physical_cores, result.ecc_memory) == (None, None)


async def test_pools_match_pool_query(make_client: Callable[..., TrueNASClient]) -> None:
    result = await integration.fetch_data(make_client(fake_truenas()), "pools")

    raw = {p["name"]: p for p in body("pool")}
    assert isinstance(result, TrueNASPools)
    assert [p.name for p in result.pools] == sorted(raw) == ["backup", "tank"]
    backup, tank = result.pools
    for pool in (backup, tank):
        source = raw[pool.name]
        assert pool.status == source["status"]
        assert pool.healthy is source["healthy"]
        assert (pool.size, pool.allocated, pool.free) == (
            source["size"],
            source["allocated"],
            source["free"],
        )
        assert pool.percent_used == round(source["allocated"] / source["size"] * 100, 2)
    assert (tank.status, tank.healthy, tank.status_detail) == ("ONLINE", True, None)
    assert (backup.status, backup.healthy) == ("DEGRADED", False)
    assert backup.status_detail == raw["backup"]["status_detail"]
    assert (result.healthy, result.unhealthy) == (1, 1)


async def test_offline_pool_has_no_sizes(make_client: Callable[..., TrueNASClient]) -> None:
    upstream = fake_truenas({POOL: "pool_offline"})
    result = await integration.fetch_data(make_client(upstream), "pools")
    assert isinstance(result, TrueNASPools)
    (cold,) = result.pools
    assert (cold.status, cold.healthy, cold.size, cold.percent_used) == (
        "OFFLINE",
        False,
        None,
        None,
    )
    assert result.unhealthy == 1


async def test_alerts_match_alert_list(make_client: Callable[..., TrueNASClient]) -> None:
    result = await integration.fetch_data(make_client(fake_truenas()), "alerts")

    raw = body("alert_list")
    active = [a for a in raw if not a["dismissed"]]
    assert isinstance(result, TrueNASAlerts)
    assert result.total == len(active) == 4
    assert result.dismissed == 1
    counts = {c.level: c.count for c in result.by_level}
    assert [c.level for c in result.by_level] == [
        "EMERGENCY",
        "ALERT",
        "CRITICAL",
        "ERROR",
        "WARNING",
        "NOTICE",
        "INFO",
    ]
    for level in counts:
        assert counts[level] == sum(a["level"] == level for a in active)
    assert (counts["CRITICAL"], counts["WARNING"], counts["INFO"]) == (2, 1, 1)

    newest_first = sorted(active, key=lambda a: -a["datetime"]["$date"])
    assert [a.klass for a in result.alerts] == [a["klass"] for a in newest_first]
    assert [a.klass for a in result.alerts] == [
        "VolumeStatus",
        "CertificateExpiring",
        "SMART",
        "HasUpdate",
    ]
    volume = result.alerts[0]
    assert volume.level == "CRITICAL"
    assert volume.since == datetime.fromtimestamp(newest_first[0]["datetime"]["$date"] / 1000, UTC)
    # markup removed, entities decoded, and shortened for a widget
    assert "<" not in volume.text and ">" not in volume.text
    assert volume.text.startswith("Pool backup state is DEGRADED")
    assert len(volume.text) == 200 and volume.text.endswith("…")
    assert result.alerts[1].text == 'Certificate "truenas_default" will expire in 9 days.'


def test_alert_text_is_plain() -> None:
    assert plain("state.<br>Devices:<ul><li>sdc is UNAVAIL</li></ul> &quot;x&quot;") == (
        'state. Devices: sdc is UNAVAIL "x"'
    )


async def test_alerts_keep_the_latest_twenty(make_client: Callable[..., TrueNASClient]) -> None:
    template = body("alert_list")[1]
    raw = [
        {**template, "uuid": f"uuid-{n}", "datetime": {"$date": 1732000000000 + n * 1000}}
        for n in range(25)
    ]
    upstream = fake_truenas({ALERTS: httpx.Response(200, json=raw)})
    result = await integration.fetch_data(make_client(upstream), "alerts")
    assert isinstance(result, TrueNASAlerts)
    assert result.total == 25
    assert len(result.alerts) == 20
    assert result.alerts[0].since == datetime.fromtimestamp(1732000024, UTC)


# --- failures -----------------------------------------------------------------------------------


async def test_wrong_api_key_is_unauthorized(make_client: Callable[..., TrueNASClient]) -> None:
    upstream = fake_truenas()
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(upstream, key_config("1-wrong")))
    err = caught.value
    assert err.code is ErrorCode.UNAUTHORIZED
    assert (err.status, err.url) == (401, f"{BASE}/api/v2.0/system/info")
    assert "API key" in err.message
    assert_no_secret(err, "1-wrong")


async def test_wrong_password_is_unauthorized(make_client: Callable[..., TrueNASClient]) -> None:
    upstream = fake_truenas()
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(upstream, password_config("wrong")))
    assert caught.value.code is ErrorCode.UNAUTHORIZED
    assert caught.value.message == "TrueNAS rejected the username or password"
    assert_no_secret(caught.value)


async def test_api_key_never_sent_over_http(make_client: Callable[..., TrueNASClient]) -> None:
    upstream = fake_truenas()
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(
            make_client(upstream, key_config(url="http://truenas.test"))
        )
    assert caught.value.code is ErrorCode.INVALID_CONFIG
    assert "https://" in caught.value.message
    assert upstream.requests == []  # TrueNAS 25.04+ would have revoked the key
    assert_no_secret(caught.value)


async def test_api_key_over_http_when_allowed(make_client: Callable[..., TrueNASClient]) -> None:
    upstream = fake_truenas()
    config = key_config(url="http://truenas.test", allowApiKeyOverHttp=True)
    info = await integration.test_connection(make_client(upstream, config))
    assert info.version == body("system_info")["version"]


async def test_password_over_http_is_sent(make_client: Callable[..., TrueNASClient]) -> None:
    upstream = fake_truenas()
    info = await integration.test_connection(
        make_client(upstream, password_config(url="http://truenas.test"))
    )
    assert info.version == body("system_info")["version"]


@pytest.mark.parametrize("name", ["not_that_service", "other_json"])
async def test_not_truenas_is_invalid_response(
    make_client: Callable[..., TrueNASClient], name: str
) -> None:
    upstream = fake_truenas({SYSTEM_INFO: name})
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(upstream))
    assert caught.value.code is ErrorCode.INVALID_RESPONSE
    assert_no_secret(caught.value)


async def test_no_rest_api_is_not_found(make_client: Callable[..., TrueNASClient]) -> None:
    upstream = FakeUpstream(ID, {})  # TrueNAS 26 has no REST API any more
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(upstream))
    assert caught.value.code is ErrorCode.NOT_FOUND


async def test_server_error_is_upstream_error(make_client: Callable[..., TrueNASClient]) -> None:
    upstream = fake_truenas({POOL: httpx.Response(500, text="500 Internal Server Error")})
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(make_client(upstream), "pools")
    assert caught.value.code is ErrorCode.UPSTREAM_ERROR
    assert caught.value.status == 500
    assert_no_secret(caught.value)
