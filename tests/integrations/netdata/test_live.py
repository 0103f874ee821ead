"""The Netdata integration against the real Netdata v1.37.1 on 127.0.0.1:18160.

netdata/run.sh raises two test alarms (one WARNING, one CRITICAL), so the alarm list has
content. Payloads are compared with Netdata's own answers fetched with plain httpx. Netdata has
no authentication of its own: a minimal reverse proxy in front of it (started here) checks that
basic auth and bearer tokens reach a proxy, and that its refusal is UNAUTHORIZED.
"""

from __future__ import annotations

import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import httpx
import pytest
import uvicorn

from integrations.capabilities import SystemResources
from integrations.errors import ErrorCode, IntegrationError
from integrations.netdata import integration
from integrations.netdata.client import NetdataClient
from integrations.netdata.definition import NetdataAlarms
from tests.live.graphql import check_through_graphql
from tests.live.services import PASSWORD, USERNAME, ServiceInfo
from tests.live.specs.netdata import TEST_ALARMS
from tests.support.api import Api
from tests.support.availability import unavailable
from tests.support.server import free_port

pytestmark = pytest.mark.live

MIB = 1024 * 1024
MEMORY_SLACK = 512 * MIB  # other processes on the machine allocate between two reads
LOAD_SLACK = 1.0
UPTIME_SLACK_S = 10
TOKEN = "netdata-proxy-token"
PROXY_START_TIMEOUT_S = 10.0

Connect = Callable[..., NetdataClient]


@pytest.fixture
async def connect() -> AsyncIterator[Connect]:
    made: list[NetdataClient] = []

    def make(url: str, credentials: dict[str, str] | None = None) -> NetdataClient:
        config: dict[str, Any] = {"url": url}
        if credentials is not None:
            config["credentials"] = credentials
        client = integration.create_client(integration.config_model.model_validate(config))
        assert isinstance(client, NetdataClient)
        made.append(client)
        return client

    yield make
    for client in made:
        await client.aclose()


def raw(svc: ServiceInfo, path: str, **params: str) -> Any:
    """Netdata's own answer, without Tilewire."""
    with httpx.Client(timeout=10.0, trust_env=False) as http:
        return http.get(f"{svc.url}{path}", params=params).raise_for_status().json()


def latest(svc: ServiceInfo, chart: str) -> dict[str, float]:
    data = raw(svc, "/api/v1/data", chart=chart, after="-1", points="1", format="json")
    return dict(zip(data["labels"][1:], data["data"][0][1:], strict=True))


async def test_through_graphql(api: Api, svc: ServiceInfo) -> None:
    # Netdata has no authentication of its own: wrong credentials cannot be refused.
    payloads = await check_through_graphql(api, "netdata", {"url": svc.url}, version=svc.version)
    assert payloads["system"]["memoryTotal"] == int(raw(svc, "/api/v1/info")["ram_total"])
    names = {alarm["name"] for alarm in payloads["alarms"]["alarms"]}
    assert names >= set(TEST_ALARMS)


async def test_connection_reports_version(svc: ServiceInfo, connect: Connect) -> None:
    info = await integration.test_connection(connect(svc.url))
    netdata = raw(svc, "/api/v1/info")
    assert info.version == svc.version == netdata["version"] == "v1.37.1"
    assert info.details["hostname"] == netdata["mirrored_hosts"][0]
    assert info.details["architecture"] == netdata["architecture"]


async def test_system_matches_netdata(svc: ServiceInfo, connect: Connect) -> None:
    resources = await integration.fetch_data(connect(svc.url), "system")
    info = raw(svc, "/api/v1/info")
    ram, load = latest(svc, "system.ram"), latest(svc, "system.load")
    uptime = latest(svc, "system.uptime")

    assert isinstance(resources, SystemResources)
    assert resources.hostname == info["mirrored_hosts"][0]
    assert resources.cpu_count == int(info["cores_total"])
    assert 0 <= resources.cpu_percent <= 100.5  # per-mode percentages, rounded by Netdata
    assert resources.memory_total == int(info["ram_total"])
    assert abs(resources.memory_used - ram["used"] * MIB) < MEMORY_SLACK
    assert resources.memory_percent == pytest.approx(
        100 * resources.memory_used / resources.memory_total, abs=0.01
    )
    assert resources.load1 is not None and resources.load15 is not None
    assert abs(resources.load1 - load["load1"]) < LOAD_SLACK
    assert abs(resources.load15 - load["load15"]) < LOAD_SLACK
    assert resources.uptime_seconds is not None
    assert abs(resources.uptime_seconds - uptime["uptime"]) <= UPTIME_SLACK_S
    assert resources.disks == []


async def test_alarms_match_netdata(svc: ServiceInfo, connect: Connect) -> None:
    alarms = await integration.fetch_data(connect(svc.url), "alarms")
    counts = raw(svc, "/api/v1/info")["alarms"]
    raised = {a["name"]: a for a in raw(svc, "/api/v1/alarms")["alarms"].values()}

    assert isinstance(alarms, NetdataAlarms)
    assert (alarms.warning, alarms.critical) == (counts["warning"], counts["critical"])
    assert alarms.critical >= 1 and alarms.warning >= 1  # the two test alarms at least
    assert {a.name for a in alarms.alarms} == set(raised)
    for alarm in alarms.alarms:
        assert (alarm.chart, alarm.status) == (
            raised[alarm.name]["chart"],
            raised[alarm.name]["status"],
        )
        assert alarm.value  # e.g. "01:02:03" for the uptime alarms
        assert alarm.since is not None
    by_name = {a.name: a for a in alarms.alarms}
    assert (by_name["tilewire_test_critical"].status, by_name["tilewire_test_critical"].chart) == (
        "CRITICAL",
        "system.uptime",
    )
    assert by_name["tilewire_test_warning"].status == "WARNING"
    statuses = [a.status for a in alarms.alarms]
    assert statuses == sorted(statuses, key=lambda s: s != "CRITICAL")  # critical first


# --- credentials, through a reverse proxy -------------------------------------------------------


class AuthProxy:
    """Forwards GETs to Netdata when the request carries basic auth USERNAME / PASSWORD or the
    bearer TOKEN, and answers 401 otherwise (what nginx auth_basic in front of Netdata does)."""

    def __init__(self, upstream: str) -> None:
        self.upstream = upstream
        basic = httpx.BasicAuth(USERNAME, PASSWORD)
        request = next(basic.auth_flow(httpx.Request("GET", upstream)))
        self.allowed = {request.headers["authorization"], f"Bearer {TOKEN}"}

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        assert scope["type"] == "http"
        headers = {k.decode().lower(): v.decode() for k, v in scope["headers"]}
        if headers.get("authorization") not in self.allowed:
            await send(
                {
                    "type": "http.response.start",
                    "status": 401,
                    "headers": [(b"www-authenticate", b'Basic realm="netdata"')],
                }
            )
            await send({"type": "http.response.body", "body": b"401 Authorization Required"})
            return
        query = scope["query_string"].decode()
        url = f"{self.upstream}{scope['path']}" + (f"?{query}" if query else "")
        async with httpx.AsyncClient(timeout=10.0, trust_env=False) as http:
            answer = await http.get(url)
        content_type = answer.headers.get("content-type", "text/plain").encode()
        await send(
            {
                "type": "http.response.start",
                "status": answer.status_code,
                "headers": [(b"content-type", content_type)],
            }
        )
        await send({"type": "http.response.body", "body": answer.content})


@pytest.fixture(scope="module")
def proxy(svc: ServiceInfo) -> Iterator[str]:
    """The URL of an AuthProxy in front of the live Netdata (loopback, a free port)."""
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            AuthProxy(svc.url), host="127.0.0.1", port=port, log_level="warning", lifespan="off"
        )
    )
    thread = threading.Thread(target=server.run, name="netdata-auth-proxy", daemon=True)
    thread.start()
    deadline = time.monotonic() + PROXY_START_TIMEOUT_S
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            unavailable("the test reverse proxy in front of Netdata did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.mark.parametrize(
    "credentials",
    [
        {"type": "usernamePassword", "username": USERNAME, "password": PASSWORD},
        {"type": "token", "token": TOKEN},
    ],
    ids=["basic", "bearer"],
)
async def test_credentials_reach_a_proxy(
    svc: ServiceInfo, proxy: str, connect: Connect, credentials: dict[str, str]
) -> None:
    client = connect(proxy, credentials)
    info = await integration.test_connection(client)
    assert info.version == svc.version
    resources = await integration.fetch_data(client, "system")
    assert resources.memory_total == int(raw(svc, "/api/v1/info")["ram_total"])
    alarms = await integration.fetch_data(client, "alarms")
    assert {a.name for a in alarms.alarms} >= set(TEST_ALARMS)


@pytest.mark.parametrize(
    "credentials",
    [
        None,
        {"type": "usernamePassword", "username": USERNAME, "password": "wrong-password"},
        {"type": "token", "token": "wrong-token"},
    ],
    ids=["none", "wrong-password", "wrong-token"],
)
async def test_proxy_refusal_is_unauthorized(
    proxy: str, connect: Connect, credentials: dict[str, str] | None
) -> None:
    client = connect(proxy, credentials)
    with pytest.raises(IntegrationError) as tested:
        await integration.test_connection(client)
    with pytest.raises(IntegrationError) as fetched:
        await integration.fetch_data(client, "alarms")
    for err in (tested.value, fetched.value):
        assert (err.code, err.status) == (ErrorCode.UNAUTHORIZED, 401)
        for secret in ("wrong-password", "wrong-token", PASSWORD, TOKEN):
            assert secret not in f"{err} {err!r}"
