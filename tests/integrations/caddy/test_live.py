"""Caddy integration against the real Caddy (admin API) started on loopback."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from integrations.caddy import integration
from integrations.caddy.client import CaddyClient
from integrations.caddy.definition import CaddyUpstreams
from integrations.errors import ErrorCode, IntegrationError
from tests.live.graphql import check_through_graphql
from tests.live.services import ServiceInfo
from tests.live.specs.caddy import AUTH_URL, DEAD_UPSTREAM, LIVE_UPSTREAM, SITE_URL
from tests.support.api import Api

pytestmark = pytest.mark.live


def behind_proxy(svc: ServiceInfo, password: str | None = None) -> dict[str, Any]:
    """The admin API behind run.sh's basic-auth site."""
    return {
        "url": AUTH_URL,
        "credentials": {
            "type": "usernamePassword",
            "username": svc.username,
            "password": password or svc.password,
        },
    }


def client_of(settings: dict[str, Any]) -> CaddyClient:
    client = integration.create_client(integration.config_model.model_validate(settings))
    assert isinstance(client, CaddyClient)
    return client


@pytest.fixture
async def client(svc: ServiceInfo) -> AsyncIterator[CaddyClient]:
    client = client_of({"url": svc.url})
    yield client
    await client.aclose()


@pytest.fixture
async def raw(svc: ServiceInfo) -> AsyncIterator[httpx.AsyncClient]:
    """Caddy's own answers, fetched without Tilewire."""
    async with httpx.AsyncClient(base_url=svc.url, trust_env=False, timeout=10) as http:
        yield http


async def test_through_graphql(api: Api, svc: ServiceInfo) -> None:
    # The admin API has no auth of its own (no wrong credentials to refuse) and no version.
    payloads = await check_through_graphql(api, "caddy", {"url": svc.url}, version=None)
    assert payloads["upstreams"]["total"] >= 2


async def test_through_graphql_behind_basic_auth(api: Api, svc: ServiceInfo) -> None:
    assert svc.password
    payloads = await check_through_graphql(
        api,
        "caddy",
        behind_proxy(svc),
        version=None,
        wrong_credentials=behind_proxy(svc, "wrong-password"),
        secrets=(svc.password, "wrong-password"),
    )
    assert payloads["upstreams"]["unhealthy"] >= 1


async def test_connection_reads_the_running_config(
    svc: ServiceInfo, client: CaddyClient, raw: httpx.AsyncClient
) -> None:
    info = await integration.test_connection(client)
    config = (await raw.get("/config/")).raise_for_status()
    assert "server" not in config.headers  # nothing in the admin API tells the version
    assert svc.version == "2.6.2"  # what `caddy version` prints
    assert info.version is None
    servers = config.json()["apps"]["http"]["servers"]
    assert info.details == {"apps": "http", "httpServers": str(len(servers))}


async def test_upstreams_match_service(client: CaddyClient, raw: httpx.AsyncClient) -> None:
    result = await integration.fetch_data(client, "upstreams")
    recorded = {u["address"]: u for u in (await raw.get("/reverse_proxy/upstreams")).json()}

    assert isinstance(result, CaddyUpstreams)
    assert {u.address for u in result.upstreams} == set(recorded)
    for upstream in result.upstreams:
        assert upstream.fails == recorded[upstream.address]["fails"]
        assert upstream.healthy is (recorded[upstream.address]["fails"] == 0)
    by_address = {u.address: u for u in result.upstreams}
    assert by_address[LIVE_UPSTREAM].healthy
    assert not by_address[DEAD_UPSTREAM].healthy  # run.sh's proxied requests failed there
    assert result.unhealthy == sum(u["fails"] > 0 for u in recorded.values()) >= 1
    assert result.healthy + result.unhealthy == result.total == len(recorded)


async def test_wrong_password_at_the_proxy_is_unauthorized(svc: ServiceInfo) -> None:
    client = client_of(behind_proxy(svc, "wrong-password"))
    try:
        with pytest.raises(IntegrationError) as caught:
            await integration.test_connection(client)
    finally:
        await client.aclose()
    assert (caught.value.code, caught.value.status) == (ErrorCode.UNAUTHORIZED, 401)
    assert "wrong-password" not in str(caught.value) + repr(caught.value)


async def test_site_port_is_not_the_admin_api() -> None:
    client = client_of({"url": SITE_URL})
    try:
        with pytest.raises(IntegrationError) as caught:
            await integration.test_connection(client)
    finally:
        await client.aclose()
    assert caught.value.code is ErrorCode.INVALID_RESPONSE
