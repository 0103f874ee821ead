"""The Glances integration against the real Glances 4.5.8 (REST API v4, 127.0.0.1:18150) and
Glances 3.3.1.1 (REST API v3, 127.0.0.1:18151), both with basic auth glances / adminpass123.

Every test runs against both servers; the generation is detected (``apiVersion`` auto) unless
a test says otherwise. Payloads are compared with Glances' own answers fetched with plain httpx.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest

from integrations.capabilities import SystemResources
from integrations.errors import ErrorCode, IntegrationError
from integrations.glances import integration
from integrations.glances.client import GlancesClient
from tests.live.graphql import check_through_graphql
from tests.live.services import ServiceInfo, ensure_service
from tests.support.api import Api

pytestmark = pytest.mark.live

LIVE_SERVICES = ("glances", "glances3")
"""The real services this module needs, started in the background at the session's start."""

SERVICES = {"glances": "4", "glances3": "3"}
"""Live service name -> the REST API generation it serves."""
LOAD_SLACK = 1.0  # the 1-minute load moves between two reads on a busy 2-core machine
MEMORY_SLACK = 512 * 1024 * 1024  # other processes on the machine allocate meanwhile
UPTIME_SLACK_S = 10

Connect = Callable[..., GlancesClient]


@pytest.fixture(params=list(SERVICES))
def svc(request: pytest.FixtureRequest) -> ServiceInfo:
    return ensure_service(request.param)


def api_of(svc: ServiceInfo) -> str:
    return SERVICES[svc.name]


def config_of(svc: ServiceInfo, password: str | None = None, **extra: str) -> dict[str, Any]:
    config: dict[str, Any] = {
        "url": svc.url,
        "credentials": {
            "type": "usernamePassword",
            "username": svc.username,
            "password": password or svc.password,
        },
    }
    if extra:
        config["extra"] = extra
    return config


@pytest.fixture
async def connect() -> AsyncIterator[Connect]:
    made: list[GlancesClient] = []

    def make(svc: ServiceInfo, password: str | None = None, **extra: str) -> GlancesClient:
        config = integration.config_model.model_validate(config_of(svc, password, **extra))
        client = integration.create_client(config)
        assert isinstance(client, GlancesClient)
        made.append(client)
        return client

    yield make
    for client in made:
        await client.aclose()


def raw(svc: ServiceInfo, plugin: str) -> Any:
    """Glances' own answer, without Tilewire."""
    assert svc.username and svc.password
    with httpx.Client(timeout=10.0, trust_env=False, auth=(svc.username, svc.password)) as http:
        return http.get(f"{svc.url}/api/{api_of(svc)}/{plugin}").raise_for_status().json()


def seconds_of(uptime: str) -> int:
    """Glances' uptime text ("0:51:17" or "2 days, 3:04:05") in seconds, parsed here."""
    days = 0
    if "," in uptime:
        head, uptime = uptime.split(",")
        days = int(head.split()[0])
    hours, minutes, seconds = (int(part) for part in uptime.strip().split(":"))
    return days * 86400 + hours * 3600 + minutes * 60 + seconds


async def test_through_graphql(api: Api, svc: ServiceInfo) -> None:
    assert svc.password is not None
    payloads = await check_through_graphql(
        api,
        "glances",
        config_of(svc),
        version=svc.version,
        wrong_credentials=config_of(svc, "wrong-password"),
        secrets=(svc.password, "wrong-password"),
    )
    system = payloads["system"]
    assert system["hostname"] == raw(svc, "system")["hostname"]
    assert system["memoryTotal"] == raw(svc, "mem")["total"]


async def test_auto_detects_each_generation(svc: ServiceInfo, connect: Connect) -> None:
    client = connect(svc)
    info = await integration.test_connection(client)

    assert client.detected == api_of(svc)
    assert info.details["apiVersion"] == api_of(svc)
    assert info.version == svc.version == {"4": "4.5.8", "3": "3.3.1.1"}[api_of(svc)]
    assert info.details["hostname"] == raw(svc, "system")["hostname"]


async def test_system_matches_glances(svc: ServiceInfo, connect: Connect) -> None:
    resources = await integration.fetch_data(connect(svc), "system")
    cpu, mem, load = raw(svc, "cpu"), raw(svc, "mem"), raw(svc, "load")
    fs, system, uptime = raw(svc, "fs"), raw(svc, "system"), raw(svc, "uptime")

    assert isinstance(resources, SystemResources)
    assert resources.hostname == system["hostname"]
    assert 0 <= resources.cpu_percent <= 100
    assert resources.cpu_count == cpu["cpucore"] >= 1
    assert resources.memory_total == mem["total"]
    assert abs(resources.memory_used - mem["used"]) < MEMORY_SLACK
    assert 0 < resources.memory_percent < 100
    assert resources.load1 is not None and resources.load15 is not None
    assert abs(resources.load1 - load["min1"]) < LOAD_SLACK
    assert abs(resources.load15 - load["min15"]) < LOAD_SLACK
    assert isinstance(uptime, str)  # str(timedelta) on both generations
    assert resources.uptime_seconds is not None
    assert abs(resources.uptime_seconds - seconds_of(uptime)) <= UPTIME_SLACK_S
    assert [d.mount for d in resources.disks] == [f["mnt_point"] for f in fs]
    assert [d.total for d in resources.disks] == [f["size"] for f in fs]
    assert any(d.mount == "/" and 0 < d.used < d.total for d in resources.disks)


async def test_configured_generation(svc: ServiceInfo, connect: Connect) -> None:
    own, other = api_of(svc), {"4": "3", "3": "4"}[api_of(svc)]
    resources = await integration.fetch_data(connect(svc, apiVersion=own), "system")
    assert resources.memory_total == raw(svc, "mem")["total"]

    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(connect(svc, apiVersion=other), "system")
    assert (caught.value.code, caught.value.status) == (ErrorCode.NOT_FOUND, 404)


async def test_wrong_password_is_unauthorized(svc: ServiceInfo, connect: Connect) -> None:
    client = connect(svc, "wrong-password")
    with pytest.raises(IntegrationError) as tested:
        await integration.test_connection(client)
    with pytest.raises(IntegrationError) as fetched:
        await integration.fetch_data(client, "system")
    for err in (tested.value, fetched.value):
        assert (err.code, err.status) == (ErrorCode.UNAUTHORIZED, 401)
        assert "wrong-password" not in f"{err} {err!r}"


async def test_glances3_status_fails_when_deflate_is_accepted() -> None:
    """Why the status probe asks for an uncompressed answer (Glances 3.3 bug)."""
    svc = ensure_service("glances3")
    assert svc.username and svc.password
    with httpx.Client(timeout=10.0, trust_env=False, auth=(svc.username, svc.password)) as http:
        status = f"{svc.url}/api/3/status"
        assert http.get(status, headers={"Accept-Encoding": "gzip, deflate"}).status_code == 500
        assert http.get(status, headers={"Accept-Encoding": "identity"}).status_code == 200
