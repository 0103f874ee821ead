"""Zabbix integration against JSON-RPC answers of the Zabbix 7.0 API documentation."""

from __future__ import annotations

import json
from collections.abc import Callable

import httpx
import pytest

from integrations.errors import ErrorCode, IntegrationError
from integrations.zabbix import integration
from integrations.zabbix.client import ZabbixClient
from integrations.zabbix.definition import ZabbixProblems
from tests.integrations.upstream import (
    FakeUpstream,
    fixture,
    one_secret_config,
    response_of,
    secret_check,
)

ID = "zabbix"
TOKEN = "fixture0zabbix0api0token0123456789abcdef0123456789abcdef01234567"
BASE = "http://zabbix.test"
RPC = ("POST", "/api_jsonrpc.php")

MakeClient = Callable[..., ZabbixClient]
config = one_secret_config(BASE, "token", "token", TOKEN)
assert_no_secret = secret_check(TOKEN)


def fake() -> tuple[FakeUpstream, list[dict[str, object]]]:
    sent: list[dict[str, object]] = []

    def rpc(request: httpx.Request) -> httpx.Response:
        sent.append(json.loads(request.content))
        if request.headers.get("authorization") != f"Bearer {TOKEN}":
            return response_of(fixture(ID, "not_authorized"))
        return response_of(fixture(ID, "problems"))

    return FakeUpstream(ID, {RPC: rpc}), sent


async def test_problems_by_severity(make_client: MakeClient) -> None:
    upstream, sent = fake()
    payload = await integration.fetch_data(make_client(upstream), "problems")
    assert isinstance(payload, ZabbixProblems)
    assert (payload.total, payload.high, payload.average, payload.warning) == (3, 1, 1, 1)
    assert payload.unacknowledged == 2
    assert [(p.severity, p.acknowledged) for p in payload.problems] == [
        ("high", False),
        ("average", False),
        ("warning", True),
    ]
    (call,) = sent
    assert call["method"] == "problem.get" and call["params"]["suppressed"] is False  # type: ignore[index]


async def test_a_wrong_token_is_unauthorized_though_the_status_is_200(
    make_client: MakeClient,
) -> None:
    upstream, _ = fake()
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(upstream, "wrong-token"))
    assert caught.value.code is ErrorCode.UNAUTHORIZED and "API tokens" in caught.value.message
    assert_no_secret(caught.value, "wrong-token")


async def test_another_rpc_error_quotes_zabbix(make_client: MakeClient) -> None:
    error = {
        "jsonrpc": "2.0",
        "error": {
            "code": -32500,
            "message": "Application error.",
            "data": "No permissions to referred object.",
        },
        "id": 1,
    }
    upstream = FakeUpstream(ID, {RPC: httpx.Response(200, json=error)})
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(make_client(upstream), "problems")
    assert (
        caught.value.code is ErrorCode.UPSTREAM_ERROR and "No permissions" in caught.value.message
    )


async def test_connection(make_client: MakeClient) -> None:
    upstream, _ = fake()
    info = await integration.test_connection(make_client(upstream))
    assert info.details == {"problems": "3"}
