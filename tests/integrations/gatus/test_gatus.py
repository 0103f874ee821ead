"""Gatus integration against the answers Gatus v5.36.0's own API tests expect
(api/endpoint_status_test.go), and answers shaped like them with results relative to now."""

from __future__ import annotations

import base64
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any

import httpx
import pytest
from pydantic import ValidationError

from integrations.errors import ErrorCode, IntegrationError
from integrations.gatus import integration
from integrations.gatus.client import GatusClient
from integrations.gatus.definition import MAX_ENDPOINTS, GatusStatus
from tests.integrations.upstream import FakeUpstream, fixture_body, needs_header, secret_check

ID = "gatus"
BASE = "http://gatus.test"
STATUSES = ("GET", "/api/v1/endpoints/statuses")
USER, PASSWORD = "john.doe", "fixture-password"
BASIC = "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()

MakeClient = Callable[..., GatusClient]

body = partial(fixture_body, ID)
assert_no_secret = secret_check(PASSWORD)


def config(password: str | None = None, url: str = BASE, **extra: Any) -> dict[str, Any]:
    credentials: dict[str, Any] = {"type": "none"}
    if password is not None:
        credentials = {"type": "usernamePassword", "username": USER, "password": password}
    return {"url": url, "credentials": credentials, "extra": extra}


def fake(answer: Any = "statuses", *, protected: bool = False) -> FakeUpstream:
    refuse = needs_header(ID, "authorization", BASIC, "unauthorized") if protected else None
    return FakeUpstream(ID, {STATUSES: answer}, refuse=refuse)


async def status(client: GatusClient) -> GatusStatus:
    payload = await integration.fetch_data(client, "endpoints")
    assert isinstance(payload, GatusStatus)
    return payload


async def test_documented_statuses(make_client: MakeClient) -> None:
    upstream = fake()
    payload = await status(make_client(upstream))
    assert (payload.up, payload.down, payload.unknown, payload.total) == (0, 1, 0, 1)
    (item,) = payload.endpoints
    assert (item.name, item.group, item.key) == ("name", "group", "group_name")
    assert item.up is False and item.status_code == 200
    assert item.response_time_ms == 750.0 and item.average_response_time_ms == 450.0
    assert item.uptime_percent == 50.0 and item.results == 2
    assert item.error == "error-1"
    assert upstream.requests[0].url.params["pageSize"] == "20"


async def test_connection_counts_endpoints(make_client: MakeClient) -> None:
    upstream = fake()
    info = await integration.test_connection(make_client(upstream))
    assert info.version is None and info.details == {"endpoints": "1", "down": "1"}
    assert upstream.requests[0].url.params["pageSize"] == "1"


def statuses_of(*endpoints: tuple[str, str, list[bool]]) -> list[dict[str, Any]]:
    """Statuses shaped like the documented ones, their results a minute apart until now."""
    now = datetime.now(UTC)
    template = body("statuses")[0]["results"][0]
    return [
        {
            "name": name,
            "group": group,
            "key": f"{group}_{name}",
            "results": [
                {
                    **template,
                    "success": ok,
                    "duration": 100_000_000 * (n + 1),
                    "timestamp": (now - timedelta(minutes=len(results) - n)).isoformat(),
                    **({} if ok else {"errors": ["connection refused"]}),
                }
                for n, ok in enumerate(results)
            ],
        }
        for name, group, results in endpoints
    ]


async def test_down_first_then_without_results_then_up(make_client: MakeClient) -> None:
    answer = statuses_of(
        ("web", "core", [True, True, True, True]),
        ("api", "core", [True, False, True, False]),
        ("fresh", "edge", []),
        ("blog", "", [False, True]),
    )
    payload = await status(make_client(fake(answer)))
    assert [(e.name, e.up) for e in payload.endpoints] == [
        ("api", False),
        ("fresh", None),
        ("blog", True),
        ("web", True),
    ]
    api, fresh, blog, web = payload.endpoints
    assert api.uptime_percent == 50.0 and api.error == "connection refused"
    assert fresh.results == 0 and fresh.uptime_percent is None and fresh.last_check is None
    assert blog.group is None and blog.error is None
    assert web.response_time_ms == 400.0 and web.average_response_time_ms == 250.0
    assert web.last_check is not None and web.last_check > datetime.now(UTC) - timedelta(hours=1)
    assert (payload.up, payload.down, payload.unknown, payload.total) == (2, 1, 1, 4)


async def test_group_and_results_settings(make_client: MakeClient) -> None:
    answer = statuses_of(("web", "core", [True]), ("blog", "home", [False]))
    upstream = fake(answer)
    payload = await status(make_client(upstream, group="core", results=5))
    assert [e.name for e in payload.endpoints] == ["web"] and payload.total == 1
    assert upstream.requests[0].url.params["pageSize"] == "5"


async def test_many_endpoints_are_counted_and_the_first_listed(make_client: MakeClient) -> None:
    answer = statuses_of(*((f"svc{n:03}", "g", [True]) for n in range(MAX_ENDPOINTS + 10)))
    payload = await status(make_client(fake(answer)))
    assert payload.total == payload.up == MAX_ENDPOINTS + 10
    assert len(payload.endpoints) == MAX_ENDPOINTS


@pytest.mark.parametrize("results", [0, 101])
def test_results_out_of_range_is_a_field_error(results: int) -> None:
    with pytest.raises(ValidationError) as caught:
        integration.config_model.model_validate(config(results=results))
    assert caught.value.errors()[0]["loc"] == ("extra", "results")


async def test_basic_auth(make_client: MakeClient) -> None:
    payload = await status(make_client(fake(protected=True), PASSWORD))
    assert payload.total == 1
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(fake(protected=True), "wrong-password"))
    assert caught.value.code is ErrorCode.UNAUTHORIZED
    assert "security.basic" in caught.value.message
    assert_no_secret(caught.value, "wrong-password", PASSWORD)


async def test_an_answer_that_is_no_list_is_invalid(make_client: MakeClient) -> None:
    with pytest.raises(IntegrationError) as caught:
        await status(make_client(fake(httpx.Response(200, json={"endpoints": []}))))
    assert caught.value.code is ErrorCode.INVALID_RESPONSE
