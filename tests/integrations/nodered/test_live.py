"""Node-RED integration against the real Node-RED (npm) started on loopback."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from integrations.errors import ErrorCode, IntegrationError
from integrations.nodered import integration
from integrations.nodered.client import NodeRedClient
from integrations.nodered.definition import NodeRedDiagnostics, NodeRedFlows
from tests.live.graphql import check_through_graphql
from tests.live.services import ServiceInfo, restart_service
from tests.support.api import Api

pytestmark = pytest.mark.live

UPTIME_SLACK_S = 30
NOT_NODES = ("tab", "subflow", "group", "junction")


class CountingClient(NodeRedClient):
    logins = 0

    async def login(self) -> str | None:
        self.logins += 1
        return await super().login()


def settings(svc: ServiceInfo, password: str | None = None) -> dict[str, Any]:
    return {
        "url": svc.url,
        "credentials": {
            "type": "usernamePassword",
            "username": svc.username,
            "password": password or svc.password,
        },
    }


def client_of(config: dict[str, Any]) -> CountingClient:
    return CountingClient(integration.config_model.model_validate(config))


@pytest.fixture
async def client(svc: ServiceInfo) -> AsyncIterator[CountingClient]:
    client = client_of(settings(svc))
    yield client
    await client.aclose()


@pytest.fixture
async def raw(svc: ServiceInfo) -> AsyncIterator[httpx.AsyncClient]:
    """Node-RED's own answers, fetched without Tilewire (a token of its own)."""
    async with httpx.AsyncClient(base_url=svc.url, trust_env=False, timeout=10) as http:
        login = await http.post(
            "/auth/token",
            data={
                "client_id": "node-red-admin",
                "grant_type": "password",
                "scope": "*",
                "username": svc.username,
                "password": svc.password,
            },
        )
        http.headers["Authorization"] = f"Bearer {login.raise_for_status().json()['access_token']}"
        yield http


async def test_through_graphql(api: Api, svc: ServiceInfo) -> None:
    assert svc.password
    payloads = await check_through_graphql(
        api,
        "nodered",
        settings(svc),
        version=svc.version,
        wrong_credentials=settings(svc, "wrong-password"),
        secrets=(svc.password, "wrong-password"),
    )
    assert payloads["flows"]["tabs"] >= 1
    assert payloads["diagnostics"]["version"] == svc.version


async def test_connection_reports_service_version(
    svc: ServiceInfo, client: CountingClient, raw: httpx.AsyncClient
) -> None:
    info = await integration.test_connection(client)
    reported = (await raw.get("/settings")).raise_for_status().json()
    assert info.version == svc.version == reported["version"] == "4.1.8"
    assert info.details == {"adminAuth": "on", "user": "admin", "permissions": "*"}
    assert client.logins == 1


async def test_wrong_password_is_unauthorized(svc: ServiceInfo) -> None:
    client = client_of(settings(svc, "wrong-password"))
    try:
        with pytest.raises(IntegrationError) as caught:
            await integration.test_connection(client)
    finally:
        await client.aclose()
    assert (caught.value.code, caught.value.status) == (ErrorCode.UNAUTHORIZED, 403)
    assert "wrong-password" not in str(caught.value) + repr(caught.value)


async def test_no_credentials_is_unauthorized(svc: ServiceInfo) -> None:
    client = client_of({"url": svc.url, "credentials": {"type": "none"}})
    try:
        with pytest.raises(IntegrationError) as caught:
            await integration.test_connection(client)
    finally:
        await client.aclose()
    assert (caught.value.code, caught.value.status) == (ErrorCode.UNAUTHORIZED, 401)


async def test_flows_match_service(
    svc: ServiceInfo, client: CountingClient, raw: httpx.AsyncClient
) -> None:
    flows = await integration.fetch_data(client, "flows")
    answer = (await raw.get("/flows", headers={"Node-RED-API-Version": "v2"})).json()

    assert isinstance(flows, NodeRedFlows)
    items = answer["flows"]
    tabs = [n for n in items if n["type"] == "tab"]
    nodes = [n for n in items if n["type"] not in NOT_NODES]
    assert flows.revision == answer["rev"]
    assert flows.tabs == len(tabs) == 2  # run.sh: Flow 1, and Flow 2 disabled
    assert flows.disabled_tabs == sum(bool(t.get("disabled")) for t in tabs) == 1
    assert flows.subflows == sum(n["type"] == "subflow" for n in items) == 1
    assert flows.nodes == len(nodes)
    assert flows.disabled_nodes == sum(bool(n.get("d")) for n in nodes)
    assert flows.node_types == len({n["type"] for n in nodes})
    assert "http in" in {n["type"] for n in nodes}
    async with httpx.AsyncClient(trust_env=False, timeout=10) as anonymous:
        pong = await anonymous.get(f"{svc.url}/ping")  # the seeded http-in flow runs
    assert pong.json() == {"pong": True}


async def test_diagnostics_match_service(client: CountingClient, raw: httpx.AsyncClient) -> None:
    diagnostics = await integration.fetch_data(client, "diagnostics")
    report = (await raw.get("/diagnostics")).raise_for_status().json()

    assert isinstance(diagnostics, NodeRedDiagnostics)
    assert diagnostics.diagnostics_enabled
    assert diagnostics.version == report["runtime"]["version"]
    assert diagnostics.nodejs_version == report["nodejs"]["version"]
    assert diagnostics.flows_started is report["runtime"]["flows"]["started"] is True
    rss = report["nodejs"]["memoryUsage"]["rss"]
    assert diagnostics.memory_rss is not None
    assert 0.5 * rss < diagnostics.memory_rss < 2 * rss  # the same process, moments apart
    assert diagnostics.host_uptime_seconds is not None
    assert abs(diagnostics.host_uptime_seconds - report["os"]["uptime"]) < UPTIME_SLACK_S


async def test_token_reused_survives_restart_and_renewed_once_when_revoked(
    svc: ServiceInfo, client: CountingClient, raw: httpx.AsyncClient
) -> None:
    await integration.test_connection(client)
    await integration.fetch_data(client, "flows")
    await integration.fetch_data(client, "diagnostics")
    assert client.logins == 1

    # Node-RED keeps its sessions in .sessions.json: the token still works after a restart.
    restart_service("nodered")
    await integration.fetch_data(client, "flows")
    assert client.logins == 1

    # A revoked (like an expired) token answers 401: exactly one new login, then reuse.
    token = client.session.token
    assert token
    revoked = await raw.post("/auth/revoke", data={"token": token})
    assert revoked.status_code == 200
    flows = await integration.fetch_data(client, "flows")
    assert flows.tabs >= 1
    assert client.logins == 2
    assert client.session.token not in (None, token)
    await integration.fetch_data(client, "diagnostics")
    assert client.logins == 2
