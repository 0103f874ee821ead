"""Netdata integration against fixtures recorded from Netdata v1.37.1 (Debian bookworm)."""

from __future__ import annotations

import base64
import copy
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from typing import Any

import httpx
import pytest

from integrations.capabilities import SystemResources
from integrations.errors import ErrorCode, IntegrationError
from integrations.netdata import integration
from integrations.netdata.client import NetdataClient
from integrations.netdata.definition import NetdataAlarms
from integrations.types import ServiceInfo
from tests.integrations.upstream import (
    Clients,
    FakeUpstream,
    fixture,
    fixture_body,
    response_of,
    secret_check,
)

ID = "netdata"
BASE = "http://netdata.test:19999"
INFO = ("GET", "/api/v1/info")
DATA = ("GET", "/api/v1/data")
ALARMS = ("GET", "/api/v1/alarms")
MIB = 1024 * 1024
USERNAME = "proxy-user"
PASSWORD = "proxy-password"
TOKEN = "proxy-bearer-token"
CREDENTIALS = {
    "none": {"type": "none"},
    "usernamePassword": {"type": "usernamePassword", "username": USERNAME, "password": PASSWORD},
    "token": {"type": "token", "token": TOKEN},
}
AUTHORIZATION = {
    "none": None,
    "usernamePassword": "Basic " + base64.b64encode(f"{USERNAME}:{PASSWORD}".encode()).decode(),
    "token": f"Bearer {TOKEN}",
}

Make = Callable[..., NetdataClient]


body = partial(fixture_body, ID)


def latest(name: str) -> dict[str, float | None]:
    """The newest row of a recorded chart, by dimension."""
    data = body(name)
    return dict(zip(data["labels"][1:], data["data"][0][1:], strict=True))


async def run(client: NetdataClient, call: str) -> object:
    """``test`` (the connection test) or an endpoint id."""
    if call == "test":
        return await integration.test_connection(client)
    return await integration.fetch_data(client, call)


assert_no_secret = secret_check(PASSWORD, TOKEN)


class FakeNetdata:
    """Netdata's API over the recorded answers: charts by the ``chart`` parameter (a missing
    one answers like Netdata does), optionally behind a proxy that wants ``authorization``."""

    def __init__(
        self, charts: dict[str, Any] | None = None, *, authorization: str | None = None
    ) -> None:
        self.charts: dict[str, Any] = {
            "system.cpu": "data_system_cpu",
            "system.ram": "data_system_ram",
            "system.load": "data_system_load",
            "system.uptime": "data_system_uptime",
            **(charts or {}),
        }
        self.authorization = authorization
        self.upstream = FakeUpstream(
            ID, {INFO: "info", DATA: self.data, ALARMS: "alarms"}, refuse=self.refuse
        )

    def data(self, request: httpx.Request) -> httpx.Response:
        value = self.charts.get(request.url.params["chart"], "data_chart_missing")
        if isinstance(value, httpx.Response):
            return value
        return response_of(fixture(ID, value))

    def refuse(self, request: httpx.Request) -> httpx.Response | None:
        authorization = request.headers.get("authorization")
        if self.authorization is not None and authorization != self.authorization:
            return httpx.Response(
                401,
                text="401 Authorization Required",
                headers={"www-authenticate": "Basic"},
            )
        return None

    def chart_requests(self) -> list[httpx.Request]:
        return [r for r in self.upstream.requests if r.url.path == DATA[1]]


@pytest.fixture
def make_client(clients: Clients) -> Make:
    def make(
        upstream: FakeUpstream, credentials: str = "none", url: str = BASE, **creds: str
    ) -> NetdataClient:
        config = {"url": url, "credentials": {**CREDENTIALS[credentials], **creds}}
        return clients(config, upstream)

    return make


# --- metadata -----------------------------------------------------------------------------------


def test_metadata() -> None:
    assert integration.id == "netdata"
    assert integration.default_port == 19999
    assert [c.model_fields["type"].default for c in integration.credentials] == list(CREDENTIALS)
    assert [(f.name, f.kind.value) for f in integration.form() if f.group != "connection"] == [
        ("credentials.username", "string"),
        ("credentials.password", "secret"),
        ("credentials.token", "secret"),
    ]
    system, alarms = integration.endpoints["system"], integration.endpoints["alarms"]
    assert (system.payload, system.ttl, system.min_refresh) == (SystemResources, 5.0, 2.0)
    assert (alarms.payload, alarms.ttl, alarms.min_refresh) == (NetdataAlarms, 10.0, 5.0)


# --- success ------------------------------------------------------------------------------------


async def test_connection_reports_version(make_client: Make) -> None:
    fake = FakeNetdata()
    info = await integration.test_connection(make_client(fake.upstream))

    raw = body("info")
    assert info == ServiceInfo(
        version=raw["version"],
        details={
            "hostname": raw["mirrored_hosts_status"][0]["hostname"],
            "kernel": f"{raw['kernel_name']} {raw['kernel_version']}",
            "architecture": raw["architecture"],
        },
    )
    assert info.version == "v1.37.1"


async def test_system_matches_fixtures(make_client: Make) -> None:
    fake = FakeNetdata()
    resources = await integration.fetch_data(make_client(fake.upstream), "system")

    info = body("info")
    cpu, ram = latest("data_system_cpu"), latest("data_system_ram")
    load, uptime = latest("data_system_load"), latest("data_system_uptime")
    used = round((ram["used"] or 0) * MIB)
    assert isinstance(resources, SystemResources)
    assert resources == SystemResources(
        hostname=info["mirrored_hosts"][0],
        cpu_percent=round(sum(v or 0 for v in cpu.values()), 2),
        cpu_count=int(info["cores_total"]),
        memory_used=used,
        memory_total=int(info["ram_total"]),
        memory_percent=round(100 * used / int(info["ram_total"]), 2),
        load1=load["load1"],
        load5=load["load5"],
        load15=load["load15"],
        uptime_seconds=int(uptime["uptime"] or 0),
        disks=[],
    )
    # the RAM chart's dimensions add up to the RAM /api/v1/info reports (MiB rounding aside)
    assert abs(sum(v or 0 for v in ram.values()) * MIB - int(info["ram_total"])) < MIB
    charts = {r.url.params["chart"]: r.url.params for r in fake.chart_requests()}
    assert set(charts) == {"system.cpu", "system.ram", "system.load", "system.uptime"}
    for params in charts.values():
        assert (params["after"], params["points"], params["format"]) == ("-1", "1", "json")


async def test_alarms_match_fixtures(make_client: Make) -> None:
    fake = FakeNetdata()
    alarms = await integration.fetch_data(make_client(fake.upstream), "alarms")

    counts = body("info")["alarms"]
    raised = body("alarms")["alarms"]
    assert isinstance(alarms, NetdataAlarms)
    assert (alarms.warning, alarms.critical) == (counts["warning"], counts["critical"])
    assert len(alarms.alarms) == len(raised) == counts["warning"] + counts["critical"]
    by_name = {a["name"]: a for a in raised.values()}
    for alarm in alarms.alarms:
        source = by_name[alarm.name]
        assert (alarm.chart, alarm.status, alarm.value) == (
            source["chart"],
            source["status"],
            source["value_string"],
        )
        assert alarm.info == source["info"]
        assert alarm.since == datetime.fromtimestamp(source["last_status_change"], UTC)
    assert alarms.alarms[0].name == "tilewire_test_critical"
    statuses = [a["status"] for a in raised.values()]
    assert [a.status for a in alarms.alarms] == sorted(statuses, key=lambda s: s != "CRITICAL")
    assert {"tilewire_test_warning", "tilewire_test_critical"} <= set(by_name)


async def test_alarms_critical_first_then_newest(make_client: Make) -> None:
    template = next(iter(body("alarms")["alarms"].values()))
    raised = {}
    for name, status, changed in [
        ("old_warning", "WARNING", 100),
        ("new_warning", "WARNING", 300),
        ("old_critical", "CRITICAL", 50),
        ("new_critical", "CRITICAL", 200),
    ]:
        alarm = copy.deepcopy(template)
        alarm.update(name=name, status=status, last_status_change=changed)
        raised[f"{alarm['chart']}.{name}"] = alarm
    raised["x.escaped"] = {
        **copy.deepcopy(template),
        "name": "escaped",
        "status": "WARNING",
        "last_status_change": 10,
        "value_string": "&gt; 95%",
        "info": "disk &amp; swap",
    }
    answer = {**body("alarms"), "alarms": raised}
    fake = FakeNetdata()
    fake.upstream.route(*ALARMS, httpx.Response(200, json=answer))
    alarms = await integration.fetch_data(make_client(fake.upstream), "alarms")

    assert [a.name for a in alarms.alarms] == [
        "new_critical",
        "old_critical",
        "new_warning",
        "old_warning",
        "escaped",
    ]
    assert (alarms.alarms[-1].value, alarms.alarms[-1].info) == ("> 95%", "disk & swap")


async def test_no_raised_alarms(make_client: Make) -> None:
    fake = FakeNetdata()
    quiet = {**body("alarms"), "alarms": {}}
    fake.upstream.route(*ALARMS, httpx.Response(200, json=quiet))
    alarms = await integration.fetch_data(make_client(fake.upstream), "alarms")
    assert alarms.alarms == []


# --- charts: gaps and missing ones --------------------------------------------------------------


def chart_with(name: str, row: list[float | None]) -> httpx.Response:
    data = body(name)
    return httpx.Response(200, json={**data, "data": [[data["data"][0][0], *row]]})


async def test_cpu_not_collected_yet(make_client: Make) -> None:
    nulls = [None] * (len(body("data_system_cpu")["labels"]) - 1)
    fake = FakeNetdata({"system.cpu": chart_with("data_system_cpu", nulls)})
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(make_client(fake.upstream), "system")
    assert caught.value.code is ErrorCode.UPSTREAM_ERROR
    assert "not collected system.cpu yet" in caught.value.message


async def test_cpu_gaps_are_skipped(make_client: Make) -> None:
    row = [None, None, None, None, None, 12.5, 2.25, None, 0.25]
    fake = FakeNetdata({"system.cpu": chart_with("data_system_cpu", row)})
    resources = await integration.fetch_data(make_client(fake.upstream), "system")
    assert resources.cpu_percent == 15.0


async def test_missing_optional_charts_are_left_out(make_client: Make) -> None:
    assert fixture(ID, "data_chart_missing")["response"]["status"] == 404
    fake = FakeNetdata({"system.load": "data_chart_missing", "system.uptime": "data_chart_missing"})
    resources = await integration.fetch_data(make_client(fake.upstream), "system")
    assert (resources.load1, resources.load5, resources.load15) == (None, None, None)
    assert resources.uptime_seconds is None
    assert resources.memory_total == int(body("info")["ram_total"])


@pytest.mark.parametrize("chart", ["system.cpu", "system.ram"])
async def test_missing_required_chart_is_not_found(make_client: Make, chart: str) -> None:
    fake = FakeNetdata({chart: "data_chart_missing"})
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(make_client(fake.upstream), "system")
    assert caught.value.code is ErrorCode.NOT_FOUND
    assert f"no chart {chart}" in caught.value.message


async def test_chart_rows_not_matching_labels_are_invalid(make_client: Make) -> None:
    fake = FakeNetdata({"system.load": chart_with("data_system_load", [1.0])})
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(make_client(fake.upstream), "system")
    assert caught.value.code is ErrorCode.INVALID_RESPONSE


# --- reverse proxy credentials ------------------------------------------------------------------


@pytest.mark.parametrize("credentials", ["usernamePassword", "token"])
async def test_proxy_credentials_are_sent(make_client: Make, credentials: str) -> None:
    fake = FakeNetdata(authorization=AUTHORIZATION[credentials])
    client = make_client(fake.upstream, credentials)
    info = await integration.test_connection(client)
    await integration.fetch_data(client, "system")
    await integration.fetch_data(client, "alarms")

    assert info.version == body("info")["version"]
    assert {r.headers["authorization"] for r in fake.upstream.requests} == {
        AUTHORIZATION[credentials]
    }


async def test_no_credentials_send_no_authorization(make_client: Make) -> None:
    fake = FakeNetdata()
    await integration.fetch_data(make_client(fake.upstream), "system")
    assert all("authorization" not in r.headers for r in fake.upstream.requests)


@pytest.mark.parametrize(
    ("credentials", "wrong"),
    [
        ("none", {}),
        ("usernamePassword", {"password": "wrong-" + PASSWORD}),
        ("token", {"token": "wrong-" + TOKEN}),
    ],
)
async def test_proxy_refusal_is_unauthorized(
    make_client: Make, credentials: str, wrong: dict[str, str]
) -> None:
    fake = FakeNetdata(authorization=AUTHORIZATION["usernamePassword"])
    if credentials == "token":
        fake.authorization = AUTHORIZATION["token"]
    client = make_client(fake.upstream, credentials, **wrong)
    for call in ("test", "system", "alarms"):
        with pytest.raises(IntegrationError) as caught:
            await run(client, call)
        assert (caught.value.code, caught.value.status) == (ErrorCode.UNAUTHORIZED, 401)
        assert_no_secret(caught.value)


# --- failures -----------------------------------------------------------------------------------


@pytest.mark.parametrize("page", ["not_that_service", "html_page"])
async def test_not_netdata_is_invalid_response(make_client: Make, page: str) -> None:
    # another service's JSON (Glances' status), or an HTML page, where the API should be
    upstream = FakeUpstream(ID, {INFO: page, DATA: page, ALARMS: page})
    for call in ("test", "system", "alarms"):
        with pytest.raises(IntegrationError) as caught:
            await run(make_client(upstream), call)
        assert caught.value.code is ErrorCode.INVALID_RESPONSE
        assert caught.value.status == 200


async def test_no_api_at_url_is_not_found(make_client: Make) -> None:
    assert fixture(ID, "no_route")["response"]["status"] == 404
    upstream = FakeUpstream(ID, {INFO: "no_route"})  # e.g. a path prefix the proxy does not have
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(upstream))
    assert (caught.value.code, caught.value.status) == (ErrorCode.NOT_FOUND, 404)
    assert caught.value.url == f"{BASE}/api/v1/info"


async def test_data_route_missing_is_not_found(make_client: Make) -> None:
    fake = FakeNetdata()
    fake.upstream.route(*DATA, "no_route")  # a 404 that is not Netdata's "no such chart"
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(make_client(fake.upstream), "system")
    assert (caught.value.code, caught.value.status) == (ErrorCode.NOT_FOUND, 404)


@pytest.mark.parametrize("route", [INFO, DATA, ALARMS])
async def test_server_error_is_upstream_error(make_client: Make, route: tuple[str, str]) -> None:
    fake = FakeNetdata()
    fake.upstream.route(*route, httpx.Response(502, text="Bad Gateway"))
    endpoint = "alarms" if route == ALARMS else "system"
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(make_client(fake.upstream, "usernamePassword"), endpoint)
    assert (caught.value.code, caught.value.status) == (ErrorCode.UPSTREAM_ERROR, 502)
    assert_no_secret(caught.value)
