"""AdGuard Home integration against fixtures transcribed from AdGuard Home's OpenAPI description
(openapi/openapi.yaml, API 0.107) and its web auth code (internal/home/authhttp.go)."""

from __future__ import annotations

import base64
import json
import logging
from collections.abc import Callable
from functools import partial
from typing import Any

import httpx
import pytest
from pydantic import ValidationError

from integrations.actions import ActionResult
from integrations.adguard import integration
from integrations.adguard.client import AdguardClient
from integrations.capabilities import DnsBlockerSummary
from integrations.errors import ErrorCode, IntegrationError
from integrations.types import ServiceInfo
from tests.integrations.upstream import (
    FakeUpstream,
    fixture,
    fixture_body,
    refusal,
    response_of,
    secret_check,
)

ID = "adguard"
BASE = "http://adguard.test"
USERNAME = "admin"
PASSWORD = "s3cret-adguard-pass"
WRONG = "wrong-password-0123"
STATUS = ("GET", "/control/status")
STATS = ("GET", "/control/stats")
FILTERING = ("GET", "/control/filtering/status")
API = {STATUS: "control_status", STATS: "control_stats", FILTERING: "control_filtering_status"}


def credentials(password: str = PASSWORD) -> dict[str, str]:
    return {"type": "usernamePassword", "username": USERNAME, "password": password}


def config(creds: dict[str, str] | None = None, url: str = BASE) -> dict[str, Any]:
    return {"url": url, "credentials": creds if creds is not None else credentials()}


body = partial(fixture_body, ID)


def answer(name: str, **changes: Any) -> httpx.Response:
    data = fixture(ID, name)
    data["response"]["body"] = {**data["response"]["body"], **changes}
    return response_of(data)


def basic(password: str = PASSWORD) -> str:
    return "Basic " + base64.b64encode(f"{USERNAME}:{password}".encode()).decode()


assert_no_secret = secret_check(PASSWORD)


class FakeAdguard:
    """AdGuard Home's auth over the documented answers: with a user configured, /control/*
    answers 403 "Forbidden" unless basic auth matches; ``users=False`` is one without users."""

    def __init__(
        self, routes: dict[tuple[str, str], Any] | None = None, *, users: bool = True
    ) -> None:
        self.users = users
        self.upstream = FakeUpstream(ID, {**API, **(routes or {})}, refuse=self.refuse)

    def refuse(self, request: httpx.Request) -> httpx.Response | None:
        if self.users and request.headers.get("authorization") != basic():
            return response_of(fixture(ID, "forbidden"))
        return None

    @property
    def requests(self) -> list[httpx.Request]:
        return self.upstream.requests


refused = partial(refusal, ID)


# --- metadata -----------------------------------------------------------------------------------


def test_metadata() -> None:
    assert integration.id == "adguard"
    assert integration.name == "AdGuard Home"
    fields = [(f.name, f.kind.value) for f in integration.form() if f.group != "connection"]
    assert fields == [("credentials.username", "string"), ("credentials.password", "secret")]
    summary = integration.endpoints["summary"]
    assert (summary.payload, summary.ttl, summary.min_refresh) == (DnsBlockerSummary, 10.0, 5.0)
    assert integration.verification.startswith("Built from the AdGuard Home API documentation")


# --- success ------------------------------------------------------------------------------------


async def test_connection_reports_version(make_client: Callable[..., AdguardClient]) -> None:
    adguard = FakeAdguard()
    info = await integration.test_connection(make_client(adguard.upstream))

    status = body("control_status")
    assert info == ServiceInfo(
        version=status["version"], details={"dnsServer": "running", "protection": "enabled"}
    )
    assert info.version == "v0.123.4"
    assert [r.url.path for r in adguard.requests] == ["/control/status"]
    assert adguard.requests[0].headers["authorization"] == basic()


async def test_summary_matches_stats_status_and_filters(
    make_client: Callable[..., AdguardClient],
) -> None:
    adguard = FakeAdguard()
    summary = await integration.fetch_data(make_client(adguard.upstream), "summary")

    stats = body("control_stats")
    blocked = (
        stats["num_blocked_filtering"]
        + stats["num_replaced_safebrowsing"]
        + stats["num_replaced_parental"]
    )
    enabled_rules = sum(
        f["rules_count"] for f in body("control_filtering_status")["filters"] if f["enabled"]
    )
    assert summary == DnsBlockerSummary(
        queries=stats["num_dns_queries"],
        blocked=blocked,
        percent_blocked=100 * blocked / stats["num_dns_queries"],
        blocking_enabled=body("control_status")["protection_enabled"],
        domains_on_lists=enabled_rules,
        clients=None,
    )
    assert (summary.queries, summary.blocked, summary.domains_on_lists) == (123, 70, 7159)
    assert summary.percent_blocked == pytest.approx(56.91, abs=0.01)
    # safe search rewrites and answers: not counted as blocked
    assert stats["num_replaced_safesearch"] == 5
    assert {r.url.path for r in adguard.requests} == {p for _, p in API}
    assert all(r.headers["authorization"] == basic() for r in adguard.requests)


async def test_paused_protection_is_not_blocking(
    make_client: Callable[..., AdguardClient],
) -> None:
    adguard = FakeAdguard({STATUS: "control_status_paused"})
    summary = await integration.fetch_data(make_client(adguard.upstream), "summary")
    assert body("control_status_paused")["protection_disabled_duration"] == 10000
    assert summary.blocking_enabled is False


async def test_no_queries_and_no_lists(make_client: Callable[..., AdguardClient]) -> None:
    empty_stats = answer(
        "control_stats",
        num_dns_queries=0,
        num_blocked_filtering=0,
        num_replaced_safebrowsing=0,
        num_replaced_parental=0,
    )
    no_lists = answer("control_filtering_status", filters=None, whitelist_filters=None)
    adguard = FakeAdguard({STATS: empty_stats, FILTERING: no_lists})
    summary = await integration.fetch_data(make_client(adguard.upstream), "summary")
    assert (summary.queries, summary.blocked, summary.percent_blocked) == (0, 0, 0.0)
    assert summary.domains_on_lists == 0


async def test_without_users_needs_no_credentials(
    make_client: Callable[..., AdguardClient],
) -> None:
    adguard = FakeAdguard(users=False)
    client = make_client(adguard.upstream, {"type": "none"})
    info = await integration.test_connection(client)
    summary = await integration.fetch_data(client, "summary")
    assert info.version == body("control_status")["version"]
    assert summary.queries == body("control_stats")["num_dns_queries"]
    assert all("authorization" not in r.headers for r in adguard.requests)


# --- failures -----------------------------------------------------------------------------------


async def test_wrong_password_is_unauthorized(
    make_client: Callable[..., AdguardClient], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    adguard = FakeAdguard()
    err = await refused(make_client(adguard.upstream, credentials(WRONG)))

    assert body("forbidden") == "Forbidden"
    assert err.code is ErrorCode.UNAUTHORIZED
    assert err.status == 403
    assert err.url == f"{BASE}/control/status"
    assert err.message == "AdGuard Home rejected the username or password (HTTP 403)"
    assert adguard.requests[0].headers["authorization"] == basic(WRONG)
    assert_no_secret(err, WRONG, basic(WRONG))
    assert WRONG not in caplog.text


async def test_missing_credentials_are_unauthorized(
    make_client: Callable[..., AdguardClient],
) -> None:
    adguard = FakeAdguard()
    err = await refused(make_client(adguard.upstream, {"type": "none"}), "summary")
    assert err.code is ErrorCode.UNAUTHORIZED
    assert "asks for a username and password" in err.message


async def test_proxy_forbidden_stays_forbidden(make_client: Callable[..., AdguardClient]) -> None:
    blocked = httpx.Response(403, html="<html><body><h1>403 Forbidden</h1>nginx</body></html>")
    upstream = FakeUpstream(ID, {STATUS: blocked})
    err = await refused(make_client(upstream))
    assert err.code is ErrorCode.FORBIDDEN
    assert err.status == 403
    assert_no_secret(err)


async def test_not_set_up_yet_is_invalid_response(
    make_client: Callable[..., AdguardClient],
) -> None:
    wizard = httpx.Response(200, html="<!DOCTYPE html><title>Setup AdGuard Home</title>")
    upstream = FakeUpstream(ID, {STATUS: "not_installed", ("GET", "/install.html"): wizard})
    err = await refused(make_client(upstream))
    assert err.code is ErrorCode.INVALID_RESPONSE
    assert "setup wizard" in err.message
    assert err.url == f"{BASE}/install.html"


async def test_html_page_is_invalid_response(make_client: Callable[..., AdguardClient]) -> None:
    page = httpx.Response(200, html="<!doctype html><title>Router</title><p>Welcome</p>")
    upstream = FakeUpstream(ID, {STATUS: page})
    err = await refused(make_client(upstream))
    assert err.code is ErrorCode.INVALID_RESPONSE
    assert err.message.startswith("the response is not JSON")
    assert_no_secret(err)


async def test_other_json_is_invalid_response(make_client: Callable[..., AdguardClient]) -> None:
    other = httpx.Response(200, json={"status": "ok", "version": "2.4.1"})
    adguard = FakeAdguard({STATS: other})
    err = await refused(make_client(adguard.upstream), "summary")
    assert err.code is ErrorCode.INVALID_RESPONSE
    assert "num_dns_queries" in err.message


async def test_no_api_at_url_is_not_found(make_client: Callable[..., AdguardClient]) -> None:
    err = await refused(make_client(FakeUpstream(ID, {})))
    assert err.code is ErrorCode.NOT_FOUND
    assert err.status == 404
    assert_no_secret(err)


async def test_server_error_is_upstream_error(make_client: Callable[..., AdguardClient]) -> None:
    adguard = FakeAdguard({STATS: httpx.Response(500, text="Internal Server Error")})
    err = await refused(make_client(adguard.upstream), "summary")
    assert err.code is ErrorCode.UPSTREAM_ERROR
    assert err.status == 500
    assert_no_secret(err)


# --- actions ------------------------------------------------------------------------------------

PROTECTION = ("POST", "/control/protection")


async def act(client: AdguardClient, action_id: str, **input: Any) -> ActionResult:
    spec = integration.actions[action_id]
    return await integration.run_action(client, action_id, spec.input.model_validate(input))


def test_actions_are_declared_for_the_summary() -> None:
    disable, enable = integration.actions["disableBlocking"], integration.actions["enableBlocking"]
    assert (disable.affects, enable.affects) == (("summary",), ("summary",))
    assert not disable.destructive and not enable.destructive
    assert [(f.name, f.default) for f in disable.form()] == [("seconds", 300)]


async def test_disable_blocking_pauses_protection_in_milliseconds(
    make_client: Callable[..., AdguardClient],
) -> None:
    adguard = FakeAdguard({PROTECTION: "control_protection_disable"})
    result = await act(make_client(adguard.upstream), "disableBlocking", seconds=300)

    assert result == ActionResult(message="Protection paused for 5 minutes")
    (sent,) = adguard.requests
    assert (sent.method, sent.url.path) == PROTECTION
    assert json.loads(sent.content) == {"enabled": False, "duration": 300_000}
    assert json.loads(sent.content) == fixture(ID, "control_protection_disable")["request"]["body"]
    assert sent.headers["authorization"] == basic()


async def test_disable_blocking_default_is_five_minutes(
    make_client: Callable[..., AdguardClient],
) -> None:
    adguard = FakeAdguard({PROTECTION: "control_protection_disable"})
    result = await act(make_client(adguard.upstream), "disableBlocking")
    assert result.message == "Protection paused for 5 minutes"
    assert json.loads(adguard.requests[0].content)["duration"] == 300_000


async def test_enable_blocking_turns_protection_on_without_duration(
    make_client: Callable[..., AdguardClient],
) -> None:
    adguard = FakeAdguard({PROTECTION: "control_protection_enable"})
    result = await act(make_client(adguard.upstream), "enableBlocking")

    assert result == ActionResult(message="Protection enabled")
    (sent,) = adguard.requests
    assert json.loads(sent.content) == {"enabled": True}


async def test_refused_protection_change_quotes_adguard(
    make_client: Callable[..., AdguardClient],
) -> None:
    adguard = FakeAdguard({PROTECTION: "control_protection_bad_request"})
    with pytest.raises(IntegrationError) as caught:
        await act(make_client(adguard.upstream), "enableBlocking")
    err = caught.value
    assert (err.code, err.status) == (ErrorCode.UPSTREAM_ERROR, 400)
    assert err.message == (
        "AdGuard Home refused the protection change: "
        "Setting a duration is only allowed with protection disabling"
    )
    assert len(adguard.requests) == 1  # sent once, never retried


async def test_wrong_password_refuses_the_action(
    make_client: Callable[..., AdguardClient],
) -> None:
    adguard = FakeAdguard({PROTECTION: "control_protection_disable"})
    with pytest.raises(IntegrationError) as caught:
        await act(make_client(adguard.upstream, credentials(WRONG)), "disableBlocking", seconds=60)
    assert (caught.value.code, caught.value.status) == (ErrorCode.UNAUTHORIZED, 403)
    assert len(adguard.requests) == 1
    assert_no_secret(caught.value, WRONG, basic(WRONG))


def test_duration_is_bounded() -> None:
    model = integration.actions["disableBlocking"].input
    for seconds in (0, 86_401, "60"):
        with pytest.raises(ValidationError, match="seconds"):
            model.model_validate({"seconds": seconds})
