"""Pi-hole integration against fixtures transcribed from the Pi-hole API documentation:
the FTL v6 OpenAPI specs (v6) and pi-hole/web's api.php with FTL v5 (v5)."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Callable
from functools import partial
from typing import Any

import httpx
import pytest

from integrations.actions import ActionResult
from integrations.capabilities import DnsBlockerSummary
from integrations.errors import ErrorCode, IntegrationError
from integrations.pihole import integration
from integrations.pihole.client import PiholeClient
from integrations.pihole.definition import PiholeTopDomains
from integrations.types import ServiceInfo
from tests.integrations.upstream import (
    FakeUpstream,
    MemorySessions,
    fixture,
    fixture_body,
    refusal,
    response_of,
    secret_check,
)

ID = "pihole"
BASE = "http://pihole.test"
PASSWORD = "correct horse battery"
TOKEN = "f13dedb16605499d0a4eb76b1c728a74183154442276cc8ru47eyw2hdu0000"
WRONG = "wrong-secret-0123456789"
SID_HEADER = "X-FTL-SID"

PROBE = ("GET", "/api/auth")
LOGIN = ("POST", "/api/auth")
LOGOUT = ("DELETE", "/api/auth")
SUMMARY = ("GET", "/api/stats/summary")
BLOCKING = ("GET", "/api/dns/blocking")
TOP = ("GET", "/api/stats/top_domains")
VERSION = ("GET", "/api/info/version")
V5_API = ("GET", "/admin/api.php")
V6_API = {
    SUMMARY: "v6_stats_summary",
    BLOCKING: "v6_dns_blocking",
    TOP: "v6_top_domains_blocked",
    VERSION: "v6_info_version",
}


def password(secret: str = PASSWORD) -> dict[str, str]:
    return {"type": "password", "password": secret}


def api_token(secret: str = TOKEN) -> dict[str, str]:
    return {"type": "apiToken", "apiToken": secret}


NONE = {"type": "none"}


def config(
    credentials: dict[str, str] | None = None,
    *,
    url: str = BASE,
    api_version: str = "auto",
    timeout: float = 10.0,
) -> dict[str, Any]:
    return {
        "url": url,
        "timeout": timeout,
        "credentials": credentials if credentials is not None else password(),
        "extra": {"apiVersion": api_version},
    }


body = partial(fixture_body, ID)


def answer(name: str, **changes: Any) -> httpx.Response:
    data = fixture(ID, name)
    data["response"]["body"] = {**data["response"]["body"], **changes}
    return response_of(data)


assert_no_secret = secret_check(PASSWORD, TOKEN)


class FakePiholeV6:
    """Pi-hole v6's session rules over the documented answers: a login hands out a new sid,
    the API answers 401 without a valid one, a logout ends it, a restart forgets them all.
    ``password=None`` is a Pi-hole without a password."""

    def __init__(
        self, *, password: str | None = PASSWORD, routes: dict[tuple[str, str], Any] | None = None
    ) -> None:
        self.password = password
        self.sids: list[str] = []
        self.valid: set[str] = set()
        self.logged_out: list[str | None] = []
        api = {**V6_API, **(routes or {})}
        self.upstream = FakeUpstream(
            ID,
            {PROBE: self.probe, LOGIN: self.login, LOGOUT: self.logout, **api},
            refuse=self.refuse,
            open_routes={PROBE, LOGIN, LOGOUT} - api.keys(),
        )

    def probe(self, request: httpx.Request) -> httpx.Response:
        name = "v6_auth_required" if self.password else "v6_auth_no_password"
        return response_of(fixture(ID, name))

    def login(self, request: httpx.Request) -> httpx.Response:
        if self.password is None:
            return response_of(fixture(ID, "v6_login_no_password"))
        if json.loads(request.content).get("password") != self.password:
            return response_of(fixture(ID, "v6_login_wrong_password"))
        sid = f"sid-{len(self.sids) + 1}="
        self.sids.append(sid)
        self.valid.add(sid)
        data = fixture(ID, "v6_login_ok")
        data["response"]["body"]["session"]["sid"] = sid
        return response_of(data)

    def logout(self, request: httpx.Request) -> httpx.Response:
        sid = request.headers.get(SID_HEADER)
        self.logged_out.append(sid)
        if sid not in self.valid:
            return response_of(fixture(ID, "v6_unauthorized"))
        self.valid.discard(sid)
        return response_of(fixture(ID, "v6_logout"))

    def refuse(self, request: httpx.Request) -> httpx.Response | None:
        if self.password is not None and request.headers.get(SID_HEADER) not in self.valid:
            return response_of(fixture(ID, "v6_unauthorized"))
        return None

    def restart(self) -> None:
        self.valid.clear()

    @property
    def logins(self) -> int:
        return self.upstream.calls[LOGIN]

    def requests_to(self, key: tuple[str, str]) -> list[httpx.Request]:
        method, path = key
        return [r for r in self.upstream.requests if (r.method, r.url.path) == (method, path)]


class FakePiholeV5:
    """Pi-hole v5's api.php over the documented answers: ``version``/``versions`` need no
    token, every other call answers [] without the right ``auth``. Nothing under /api."""

    def __init__(self, *, token: str | None = TOKEN, **answers: Any) -> None:
        self.token = token
        self.answers = {
            "summaryRaw": "v5_summary_raw",
            "topItems": "v5_top_items",
            "enable": "v5_enable",
            "disable": "v5_disable",
            **answers,
        }
        self.upstream = FakeUpstream(ID, {V5_API: self.handle})

    def handle(self, request: httpx.Request) -> httpx.Response:
        params = request.url.params
        if "versions" in params:
            return response_of(fixture(ID, "v5_versions"))
        if "version" in params:
            return response_of(fixture(ID, "v5_api_version"))
        if self.token is not None and params.get("auth") != self.token:
            return response_of(fixture(ID, "v5_unauthorized"))
        call = next((c for c in ("topItems", "enable", "disable") if c in params), "summaryRaw")
        value = self.answers[call]
        return value if isinstance(value, httpx.Response) else response_of(fixture(ID, value))

    @property
    def requests(self) -> list[httpx.Request]:
        return self.upstream.requests


refused = partial(refusal, ID)


# --- metadata -----------------------------------------------------------------------------------


def test_metadata() -> None:
    assert integration.id == "pihole"
    assert integration.default_port == 80
    fields = [
        (f.name, f.kind.value, f.group) for f in integration.form() if f.group != "connection"
    ]
    assert fields == [
        ("credentials.password", "secret", "credentials:password"),
        ("credentials.apiToken", "secret", "credentials:apiToken"),
        ("extra.apiVersion", "select", "extra"),
    ]
    select = next(f for f in integration.form() if f.name == "extra.apiVersion")
    assert (select.options, select.default) == (("auto", "6", "5"), "auto")
    summary, top = integration.endpoints["summary"], integration.endpoints["topBlocked"]
    assert (summary.payload, summary.ttl, summary.min_refresh) == (DnsBlockerSummary, 10.0, 5.0)
    assert (top.payload, top.ttl, top.min_refresh) == (PiholeTopDomains, 60.0, 30.0)
    assert integration.verification.startswith("Built from the Pi-hole API documentation")


# --- v6 -----------------------------------------------------------------------------------------


async def test_v6_connection_logs_in_and_reports_version(
    make_client: Callable[..., PiholeClient],
) -> None:
    fake = FakePiholeV6()
    info = await integration.test_connection(make_client(fake.upstream))

    versions = body("v6_info_version")["version"]
    assert info == ServiceInfo(
        version=versions["core"]["local"]["version"],
        details={
            "apiVersion": "6",
            "ftl": versions["ftl"]["local"]["version"],
            "web": versions["web"]["local"]["version"],
        },
    )
    assert info.version == "v6.1"
    # detection asked the credential-free /api/auth first and never tried v5's api.php
    assert [(r.method, r.url.path) for r in fake.upstream.requests] == [PROBE, LOGIN, VERSION]
    assert json.loads(fake.requests_to(LOGIN)[0].content) == {"password": PASSWORD}
    assert fake.requests_to(VERSION)[0].headers[SID_HEADER] == "sid-1="
    assert SID_HEADER not in fake.requests_to(PROBE)[0].headers


async def test_v6_summary_matches_stats_and_blocking(
    make_client: Callable[..., PiholeClient],
) -> None:
    fake = FakePiholeV6()
    summary = await integration.fetch_data(make_client(fake.upstream), "summary")

    stats = body("v6_stats_summary")
    assert isinstance(summary, DnsBlockerSummary)
    assert summary.queries == stats["queries"]["total"] == 7497
    assert summary.blocked == stats["queries"]["blocked"] == 3465
    assert summary.percent_blocked == stats["queries"]["percent_blocked"] == 34.5
    assert summary.domains_on_lists == stats["gravity"]["domains_being_blocked"]
    assert summary.clients == stats["clients"]["active"] == 10
    assert body("v6_dns_blocking")["blocking"] == "enabled"
    assert summary.blocking_enabled is True
    assert fake.logins == 1
    for request in fake.requests_to(SUMMARY) + fake.requests_to(BLOCKING):
        assert request.headers[SID_HEADER] == "sid-1="


async def test_v6_paused_blocking_is_not_enabled(
    make_client: Callable[..., PiholeClient],
) -> None:
    fake = FakePiholeV6(routes={BLOCKING: "v6_dns_blocking_disabled"})
    summary = await integration.fetch_data(make_client(fake.upstream), "summary")
    assert body("v6_dns_blocking_disabled")["blocking"] == "disabled"
    assert summary.blocking_enabled is False


async def test_v6_top_blocked_matches_top_domains(
    make_client: Callable[..., PiholeClient],
) -> None:
    fake = FakePiholeV6()
    top = await integration.fetch_data(make_client(fake.upstream), "topBlocked")

    raw = body("v6_top_domains_blocked")
    assert isinstance(top, PiholeTopDomains)
    assert [(d.domain, d.count) for d in top.domains] == [
        (d["domain"], d["count"]) for d in sorted(raw["domains"], key=lambda d: -d["count"])
    ]
    assert top.blocked_queries == raw["blocked_queries"] == 6379
    params = fake.requests_to(TOP)[0].url.params
    assert (params["blocked"], params["count"]) == ("true", "10")


async def test_v6_top_blocked_sorts_and_caps(make_client: Callable[..., PiholeClient]) -> None:
    domains = [{"domain": f"ads{n}.example", "count": n} for n in range(15)]
    fake = FakePiholeV6(routes={TOP: answer("v6_top_domains_blocked", domains=domains)})
    top = await integration.fetch_data(make_client(fake.upstream), "topBlocked")
    assert [d.count for d in top.domains] == list(range(14, 4, -1))


async def test_v6_session_reused_across_fetches(make_client: Callable[..., PiholeClient]) -> None:
    fake = FakePiholeV6()
    client = make_client(fake.upstream)
    await asyncio.gather(
        integration.test_connection(client),
        integration.fetch_data(client, "summary"),
        integration.fetch_data(client, "topBlocked"),
    )
    await integration.fetch_data(client, "summary")
    assert fake.logins == 1
    assert fake.upstream.calls[PROBE] == 1  # detected once


async def test_v6_expired_session_logs_in_again_once(
    make_client: Callable[..., PiholeClient],
) -> None:
    fake = FakePiholeV6()
    client = make_client(fake.upstream)
    await integration.fetch_data(client, "topBlocked")
    fake.restart()  # the session timed out: the next call gets 401

    top = await integration.fetch_data(client, "topBlocked")

    assert len(top.domains) == len(body("v6_top_domains_blocked")["domains"])
    assert fake.logins == 2
    tried, retried = (r.headers[SID_HEADER] for r in fake.requests_to(TOP)[1:])
    assert (tried, retried) == ("sid-1=", "sid-2=")
    assert fake.logged_out == ["sid-1="]  # the replaced session, already gone: answered 401
    assert fake.valid == {"sid-2="}


async def test_v6_replaced_live_session_is_logged_out(
    make_client: Callable[..., PiholeClient],
) -> None:
    refusals = iter([response_of(fixture(ID, "v6_unauthorized"))])

    def once_unauthorized(request: httpx.Request) -> httpx.Response:
        return next(refusals, None) or response_of(fixture(ID, "v6_stats_summary"))

    fake = FakePiholeV6(routes={SUMMARY: once_unauthorized})
    client = make_client(fake.upstream)
    await integration.fetch_data(client, "topBlocked")  # logs in: sid-1
    await integration.fetch_data(client, "summary")  # 401 although sid-1 lives: log in again

    assert fake.logins == 2
    assert fake.logged_out == ["sid-1="]
    assert fake.valid == {"sid-2="}  # never two seats for one client


async def test_v6_unauthorized_right_after_login_does_not_loop(
    make_client: Callable[..., PiholeClient],
) -> None:
    fake = FakePiholeV6(routes={SUMMARY: "v6_unauthorized"})  # 401 even with a fresh sid
    client = make_client(fake.upstream)
    err = await refused(client, "summary")
    assert err.code is ErrorCode.UNAUTHORIZED
    assert err.status == 401
    assert fake.logins == 2  # the first login and exactly one renewal
    assert_no_secret(err)

    await refused(client, "summary")
    assert fake.logins == 3  # one renewal per fetch, never a loop


async def test_v6_wrong_password_is_unauthorized_and_not_retried(
    make_client: Callable[..., PiholeClient], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    fake = FakePiholeV6()
    client = make_client(fake.upstream, password(WRONG))
    for _ in range(3):
        err = await refused(client, "summary")
        assert err.code is ErrorCode.UNAUTHORIZED
        assert err.status == 401
        assert err.url == f"{BASE}/api/auth"
        assert_no_secret(err, WRONG)
    assert "rejected the password" in err.message
    assert fake.logins == 1  # Pi-hole rate-limits logins: a refresh loop must not hammer it
    assert fake.upstream.calls[SUMMARY] == 0
    assert WRONG not in caplog.text


async def test_v6_two_factor_asks_for_an_app_password(
    make_client: Callable[..., PiholeClient],
) -> None:
    fake = FakePiholeV6()
    fake.upstream.route(*LOGIN, "v6_login_totp_missing")
    err = await refused(make_client(fake.upstream))
    assert err.code is ErrorCode.UNAUTHORIZED
    assert err.status == 400
    assert "app password" in err.message
    assert_no_secret(err)


@pytest.mark.parametrize(
    ("name", "words"),
    [("v6_login_no_seats", "webserver.api.max_sessions"), ("v6_login_rate_limited", "rate-limit")],
)
async def test_v6_refused_logins_are_rate_limited(
    make_client: Callable[..., PiholeClient], name: str, words: str
) -> None:
    fake = FakePiholeV6()
    fake.upstream.route(*LOGIN, name)
    err = await refused(make_client(fake.upstream), "summary")
    assert err.code is ErrorCode.RATE_LIMITED
    assert err.status == 429
    assert words in err.message
    assert_no_secret(err)


async def test_v6_close_logs_out(make_client: Callable[..., PiholeClient]) -> None:
    fake = FakePiholeV6()
    client = make_client(fake.upstream)
    await integration.fetch_data(client, "summary")
    assert fake.valid == {"sid-1="}

    await client.aclose()

    assert fake.logged_out == ["sid-1="]
    assert fake.valid == set()  # the seat is free for the next client
    await client.aclose()
    assert fake.upstream.calls[LOGOUT] == 1


async def test_v6_close_without_session_sends_nothing(
    make_client: Callable[..., PiholeClient],
) -> None:
    fake = FakePiholeV6()
    await make_client(fake.upstream).aclose()
    assert fake.upstream.requests == []


@pytest.mark.parametrize("failure", ["hang", "error", "refused"])
async def test_v6_close_is_bounded_and_ignores_failures(
    make_client: Callable[..., PiholeClient], failure: str
) -> None:
    async def hang(request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(30)
        raise AssertionError("unreachable")

    def fail(request: httpx.Request) -> httpx.Response:
        if failure == "refused":
            raise httpx.ConnectError("[Errno 111] Connection refused", request=request)
        return httpx.Response(500, text="Internal Server Error")

    fake = FakePiholeV6()
    client = make_client(fake.upstream, timeout=0.5)
    await integration.fetch_data(client, "summary")
    fake.upstream.route(*LOGOUT, hang if failure == "hang" else fail)

    started = time.monotonic()
    await client.aclose()  # no exception

    assert time.monotonic() - started < 2.0
    assert fake.upstream.calls[LOGOUT] == 1


async def test_v6_session_shared_between_processes(
    make_client: Callable[..., PiholeClient],
) -> None:
    fake = FakePiholeV6()
    store = MemorySessions()
    first, second = make_client(fake.upstream), make_client(fake.upstream)
    for client in (first, second):
        assert client.needs_session()
        client.share_sessions(store, "app-1:fingerprint")

    await integration.fetch_data(first, "summary")
    await integration.fetch_data(second, "summary")

    assert fake.logins == 1
    assert store.data == {"app-1:fingerprint": b"sid-1="}
    assert [r.headers[SID_HEADER] for r in fake.requests_to(SUMMARY)] == ["sid-1=", "sid-1="]


async def test_v6_session_export_import() -> None:
    client = integration.create_client(integration.config_model.model_validate(config()))
    assert client.session.export() == b""
    client.session.adopt(b"vFA+EP4MQ5JJvJg+3Q2Jnw=")
    assert client.session.token == "vFA+EP4MQ5JJvJg+3Q2Jnw="
    assert client.default_headers() == {SID_HEADER: "vFA+EP4MQ5JJvJg+3Q2Jnw="}
    assert client.session.export() == b"vFA+EP4MQ5JJvJg+3Q2Jnw="
    client.session.adopt(b"")
    assert (client.session.token, client.default_headers()) == (None, {})


async def test_v6_without_password_needs_no_credentials(
    make_client: Callable[..., PiholeClient],
) -> None:
    fake = FakePiholeV6(password=None)
    client = make_client(fake.upstream, NONE)
    assert not client.needs_session()
    info = await integration.test_connection(client)
    summary = await integration.fetch_data(client, "summary")

    assert info.version == "v6.1"
    assert summary.queries == body("v6_stats_summary")["queries"]["total"]
    assert fake.upstream.calls[LOGIN] == 0
    assert all(SID_HEADER not in r.headers for r in fake.upstream.requests)


async def test_v6_without_password_with_password_credentials(
    make_client: Callable[..., PiholeClient],
) -> None:
    fake = FakePiholeV6(password=None)
    client = make_client(fake.upstream)
    summary = await integration.fetch_data(client, "summary")
    await client.aclose()

    assert body("v6_login_no_password")["session"] == {
        "valid": True,
        "totp": False,
        "sid": None,
        "csrf": None,
        "validity": -1,
    }
    assert summary.blocked == body("v6_stats_summary")["queries"]["blocked"]
    assert fake.logins == 1
    assert fake.upstream.calls[LOGOUT] == 0  # a session that is not one cannot be logged out
    assert all(SID_HEADER not in r.headers for r in fake.upstream.requests)


async def test_v6_password_protected_without_credentials(
    make_client: Callable[..., PiholeClient],
) -> None:
    fake = FakePiholeV6()
    err = await refused(make_client(fake.upstream, NONE))
    assert err.code is ErrorCode.UNAUTHORIZED
    assert err.status == 401
    assert "asks for a password" in err.message


async def test_v6_with_a_v5_token_is_invalid_config(
    make_client: Callable[..., PiholeClient],
) -> None:
    fake = FakePiholeV6()
    err = await refused(make_client(fake.upstream, api_token()), "summary")
    assert err.code is ErrorCode.INVALID_CONFIG
    assert "runs v6" in err.message
    assert fake.logins == 0
    assert_no_secret(err)


async def test_v6_chosen_skips_detection(make_client: Callable[..., PiholeClient]) -> None:
    fake = FakePiholeV6()
    await integration.fetch_data(make_client(fake.upstream, api_version="6"), "summary")
    assert fake.upstream.calls[PROBE] == 0
    assert fake.upstream.calls[V5_API] == 0


# --- v5 -----------------------------------------------------------------------------------------


async def test_v5_detected_and_reports_version(make_client: Callable[..., PiholeClient]) -> None:
    fake = FakePiholeV5()
    info = await integration.test_connection(make_client(fake.upstream, api_token()))

    versions = body("v5_versions")
    assert info == ServiceInfo(
        version=versions["core_current"],
        details={
            "apiVersion": "5",
            "ftl": versions["FTL_current"],
            "web": versions["web_current"],
            "blocking": body("v5_summary_raw")["status"],
        },
    )
    assert info.version == "v5.17.3"
    # /api/auth (404 on v5) first, then api.php?version
    assert [r.url.path for r in fake.requests[:2]] == ["/api/auth", "/admin/api.php"]
    assert "version" in fake.requests[1].url.params
    summary_call = next(r for r in fake.requests if "summaryRaw" in r.url.params)
    assert summary_call.url.params["auth"] == TOKEN


async def test_v5_summary_matches_summary_raw(make_client: Callable[..., PiholeClient]) -> None:
    fake = FakePiholeV5()
    summary = await integration.fetch_data(make_client(fake.upstream, api_token()), "summary")

    raw = body("v5_summary_raw")
    assert summary == DnsBlockerSummary(
        queries=raw["dns_queries_today"],
        blocked=raw["ads_blocked_today"],
        percent_blocked=raw["ads_percentage_today"],
        blocking_enabled=raw["status"] == "enabled",
        domains_on_lists=raw["domains_being_blocked"],
        clients=raw["unique_clients"],
    )
    assert (summary.queries, summary.blocked, summary.blocking_enabled) == (26546, 2474, True)


async def test_v5_php_floats_and_disabled_status(
    make_client: Callable[..., PiholeClient],
) -> None:
    raw = body("v5_summary_raw")
    as_floats = {k: float(v) if isinstance(v, int) else v for k, v in raw.items()}
    reply = answer(
        "v5_summary_raw", **{**as_floats, "status": "disabled", "domains_being_blocked": "N/A"}
    )
    fake = FakePiholeV5(summaryRaw=reply)
    summary = await integration.fetch_data(make_client(fake.upstream, api_token()), "summary")
    assert summary.queries == raw["dns_queries_today"]
    assert summary.blocking_enabled is False
    assert summary.domains_on_lists is None


async def test_v5_top_blocked_matches_top_ads(make_client: Callable[..., PiholeClient]) -> None:
    fake = FakePiholeV5()
    top = await integration.fetch_data(make_client(fake.upstream, api_token()), "topBlocked")

    raw = body("v5_top_items")
    ranked = sorted(raw["top_ads"].items(), key=lambda item: -item[1])
    assert [(d.domain, d.count) for d in top.domains] == ranked
    assert top.blocked_queries == raw["ads_blocked_today"]
    call = fake.requests[-1].url.params
    assert (call["topItems"], call["auth"]) == ("10", TOKEN)


async def test_v5_top_blocked_when_nothing_is_blocked(
    make_client: Callable[..., PiholeClient],
) -> None:
    fake = FakePiholeV5(topItems=answer("v5_top_items", top_ads=[], top_queries=[]))
    top = await integration.fetch_data(make_client(fake.upstream, api_token()), "topBlocked")
    assert top.domains == []


async def test_v5_wrong_token_is_unauthorized_and_never_shown_or_logged(
    make_client: Callable[..., PiholeClient], caplog: pytest.LogCaptureFixture
) -> None:
    # What the integration logs; httpx logs whole request URLs at INFO, which the server
    # keeps out of its log (tests/app/test_server.py).
    caplog.set_level(logging.DEBUG, logger="integrations")
    fake = FakePiholeV5()
    err = await refused(make_client(fake.upstream, api_token(WRONG)))

    assert body("v5_unauthorized") == []
    assert err.code is ErrorCode.UNAUTHORIZED
    assert err.status == 200
    assert err.url == f"{BASE}/admin/api.php"  # no query string: the token travels in it
    assert "rejected the API token" in err.message
    assert any(r.url.params.get("auth") == WRONG for r in fake.requests)  # sent, in the query
    assert_no_secret(err, WRONG)
    assert WRONG not in caplog.text
    assert all(WRONG not in str(record.args) for record in caplog.records)


async def test_v5_sends_no_session_cookie(make_client: Callable[..., PiholeClient]) -> None:
    def with_cookie(request: httpx.Request) -> httpx.Response:
        reply = fake.handle(request)
        reply.headers["set-cookie"] = "PHPSESSID=authorised-session; path=/"
        return reply

    fake = FakePiholeV5()
    fake.upstream.route(*V5_API, with_cookie)
    client = make_client(fake.upstream, api_token())
    await integration.fetch_data(client, "summary")
    await integration.fetch_data(client, "summary")
    assert all("cookie" not in r.headers for r in fake.requests)


async def test_v5_password_protected_without_token(
    make_client: Callable[..., PiholeClient],
) -> None:
    fake = FakePiholeV5()
    err = await refused(make_client(fake.upstream, NONE), "summary")
    assert err.code is ErrorCode.UNAUTHORIZED
    assert "API token" in err.message
    assert all("auth" not in r.url.params for r in fake.requests)


async def test_v5_without_password_needs_no_token(
    make_client: Callable[..., PiholeClient],
) -> None:
    fake = FakePiholeV5(token=None)
    summary = await integration.fetch_data(make_client(fake.upstream, NONE), "summary")
    assert summary.queries == body("v5_summary_raw")["dns_queries_today"]


async def test_v5_with_a_password_is_invalid_config(
    make_client: Callable[..., PiholeClient],
) -> None:
    fake = FakePiholeV5()
    err = await refused(make_client(fake.upstream, password()))
    assert err.code is ErrorCode.INVALID_CONFIG
    assert "runs v5" in err.message
    assert_no_secret(err)


async def test_v5_ftl_not_running_is_upstream_error(
    make_client: Callable[..., PiholeClient],
) -> None:
    fake = FakePiholeV5(summaryRaw="v5_ftl_not_running")
    err = await refused(make_client(fake.upstream, api_token()), "summary")
    assert err.code is ErrorCode.UPSTREAM_ERROR
    assert "FTL" in err.message
    assert_no_secret(err)


async def test_v5_chosen_skips_detection(make_client: Callable[..., PiholeClient]) -> None:
    fake = FakePiholeV5()
    await integration.fetch_data(
        make_client(fake.upstream, api_token(), api_version="5"), "summary"
    )
    assert [r.url.path for r in fake.requests] == ["/admin/api.php"]


async def test_upgrade_to_v6_in_place_is_detected_again(
    make_client: Callable[..., PiholeClient],
) -> None:
    v5 = FakePiholeV5()
    v6 = FakePiholeV6()
    current: FakePiholeV5 | FakePiholeV6 = v5

    def serve(request: httpx.Request) -> Any:
        return current.upstream.handle(request)

    routes = (PROBE, LOGIN, LOGOUT, V5_API, *V6_API)
    client = make_client(FakeUpstream(ID, dict.fromkeys(routes, serve)), api_token())
    await integration.fetch_data(client, "summary")
    current = v6  # pihole -up to v6: api.php is gone

    first = await refused(client, "summary")
    second = await refused(client, "summary")

    assert first.code is ErrorCode.NOT_FOUND
    assert second.code is ErrorCode.INVALID_CONFIG
    assert "runs v6" in second.message


async def test_admin_url_is_accepted(make_client: Callable[..., PiholeClient]) -> None:
    fake = FakePiholeV6()
    client = make_client(fake.upstream, url=f"{BASE}/admin/")
    await integration.fetch_data(client, "summary")
    paths = {r.url.path for r in fake.upstream.requests}
    assert paths == {"/api/auth", "/api/stats/summary", "/api/dns/blocking"}


# --- neither ------------------------------------------------------------------------------------


async def test_html_page_is_invalid_response(make_client: Callable[..., PiholeClient]) -> None:
    page = httpx.Response(200, html="<!doctype html><title>Router</title><p>Welcome</p>")
    upstream = FakeUpstream(ID, {PROBE: page, V5_API: page})
    err = await refused(make_client(upstream))
    assert err.code is ErrorCode.INVALID_RESPONSE
    assert "Pi-hole" in err.message
    assert_no_secret(err)


async def test_other_json_service_is_invalid_response(
    make_client: Callable[..., PiholeClient],
) -> None:
    other = httpx.Response(401, json={"message": "Unauthorized", "code": 401})
    upstream = FakeUpstream(ID, {PROBE: other, V5_API: httpx.Response(200, json={"ok": True})})
    err = await refused(make_client(upstream), "summary")
    assert err.code is ErrorCode.INVALID_RESPONSE


async def test_v6_html_answer_is_invalid_response(
    make_client: Callable[..., PiholeClient],
) -> None:
    fake = FakePiholeV6(routes={SUMMARY: httpx.Response(200, html="<html>proxy</html>")})
    err = await refused(make_client(fake.upstream), "summary")
    assert err.code is ErrorCode.INVALID_RESPONSE
    assert err.message.startswith("the response is not JSON")


async def test_no_api_at_url_is_not_found(make_client: Callable[..., PiholeClient]) -> None:
    upstream = FakeUpstream(ID, {})  # every path 404
    err = await refused(make_client(upstream))
    assert err.code is ErrorCode.NOT_FOUND
    assert err.status == 404
    assert_no_secret(err)


@pytest.mark.parametrize("version", ["6", "5"])
async def test_server_error_is_upstream_error(
    make_client: Callable[..., PiholeClient], version: str
) -> None:
    error = httpx.Response(500, text="Internal Server Error")
    if version == "6":
        upstream = FakePiholeV6(routes={SUMMARY: error}).upstream
        credentials = password()
    else:
        upstream = FakePiholeV5(summaryRaw=error).upstream
        credentials = api_token()
    err = await refused(make_client(upstream, credentials), "summary")
    assert err.code is ErrorCode.UPSTREAM_ERROR
    assert err.status == 500
    assert_no_secret(err)


async def test_server_error_while_detecting(make_client: Callable[..., PiholeClient]) -> None:
    upstream = FakeUpstream(ID, {PROBE: httpx.Response(503, text="Service Unavailable")})
    err = await refused(make_client(upstream))
    assert err.code is ErrorCode.UPSTREAM_ERROR
    assert err.status == 503


# --- actions ------------------------------------------------------------------------------------

SET_BLOCKING = ("POST", "/api/dns/blocking")


async def act(client: PiholeClient, action_id: str, **input: Any) -> ActionResult:
    spec = integration.actions[action_id]
    return await integration.run_action(client, action_id, spec.input.model_validate(input))


def test_actions_are_declared_for_the_summary() -> None:
    disable, enable = integration.actions["disableBlocking"], integration.actions["enableBlocking"]
    assert (disable.affects, enable.affects) == (("summary",), ("summary",))
    assert not disable.destructive and not enable.destructive
    assert [f.name for f in disable.form()] == ["seconds"]
    assert enable.form() == []


async def test_v6_disable_blocking_posts_blocking_false_with_timer(
    make_client: Callable[..., PiholeClient],
) -> None:
    fake = FakePiholeV6(routes={SET_BLOCKING: "v6_blocking_disable"})
    result = await act(make_client(fake.upstream), "disableBlocking", seconds=300)

    assert result == ActionResult(message="Blocking disabled for 5 minutes")
    (sent,) = fake.requests_to(SET_BLOCKING)
    assert json.loads(sent.content) == {"blocking": False, "timer": 300}
    assert fixture(ID, "v6_blocking_disable")["request"]["body"] == {
        "blocking": False,
        "timer": 300,
    }
    assert sent.headers[SID_HEADER] == "sid-1="
    assert body("v6_blocking_disable")["blocking"] == "disabled"


async def test_v6_enable_blocking_posts_blocking_true_without_timer(
    make_client: Callable[..., PiholeClient],
) -> None:
    fake = FakePiholeV6(routes={SET_BLOCKING: "v6_blocking_enable"})
    result = await act(make_client(fake.upstream), "enableBlocking")

    assert result == ActionResult(message="Blocking enabled")
    (sent,) = fake.requests_to(SET_BLOCKING)
    assert json.loads(sent.content) == {"blocking": True, "timer": None}
    assert sent.headers[SID_HEADER] == "sid-1="


@pytest.mark.parametrize(
    ("seconds", "words"), [(90, "90 seconds"), (60, "1 minute"), (7200, "2 hours"), (1, "1 second")]
)
async def test_disable_message_says_for_how_long(
    make_client: Callable[..., PiholeClient], seconds: int, words: str
) -> None:
    fake = FakePiholeV6(routes={SET_BLOCKING: answer("v6_blocking_disable", timer=seconds)})
    result = await act(make_client(fake.upstream), "disableBlocking", seconds=seconds)
    assert result.message == f"Blocking disabled for {words}"
    assert json.loads(fake.requests_to(SET_BLOCKING)[0].content)["timer"] == seconds


async def test_v6_disable_refused_with_bad_request_quotes_pihole(
    make_client: Callable[..., PiholeClient],
) -> None:
    fake = FakePiholeV6(routes={SET_BLOCKING: "v6_blocking_bad_request"})
    with pytest.raises(IntegrationError) as caught:
        await act(make_client(fake.upstream), "disableBlocking", seconds=60)
    err = caught.value
    assert (err.code, err.status) == (ErrorCode.UPSTREAM_ERROR, 400)
    assert err.message == 'Pi-hole refused the blocking change: No "blocking" boolean in body data'
    assert fake.upstream.calls[SET_BLOCKING] == 1  # sent once, never retried


async def test_v6_blocking_failed_is_upstream_error(
    make_client: Callable[..., PiholeClient],
) -> None:
    fake = FakePiholeV6(routes={SET_BLOCKING: answer("v6_blocking_enable", blocking="failed")})
    with pytest.raises(IntegrationError) as caught:
        await act(make_client(fake.upstream), "enableBlocking")
    assert caught.value.code is ErrorCode.UPSTREAM_ERROR
    assert caught.value.message == "Pi-hole reports blocking 'failed' instead of 'enabled'"


async def test_v6_wrong_password_refuses_the_action_before_sending_it(
    make_client: Callable[..., PiholeClient],
) -> None:
    fake = FakePiholeV6(routes={SET_BLOCKING: "v6_blocking_disable"})
    with pytest.raises(IntegrationError) as caught:
        await act(make_client(fake.upstream, password(WRONG)), "disableBlocking", seconds=60)
    assert caught.value.code is ErrorCode.UNAUTHORIZED
    assert fake.upstream.calls[SET_BLOCKING] == 0
    assert_no_secret(caught.value, WRONG)


async def test_v6_expired_session_is_renewed_and_the_refused_change_sent_again(
    make_client: Callable[..., PiholeClient],
) -> None:
    fake = FakePiholeV6(routes={SET_BLOCKING: "v6_blocking_enable"})
    client = make_client(fake.upstream)
    await integration.fetch_data(client, "summary")
    fake.restart()  # the refused request was not applied: resending it is no retry

    result = await act(client, "enableBlocking")

    assert result.message == "Blocking enabled"
    assert [r.headers[SID_HEADER] for r in fake.requests_to(SET_BLOCKING)] == ["sid-1=", "sid-2="]


async def test_v5_disable_blocking_calls_api_php_disable(
    make_client: Callable[..., PiholeClient],
) -> None:
    fake = FakePiholeV5()
    result = await act(make_client(fake.upstream, api_token()), "disableBlocking", seconds=300)

    assert result == ActionResult(message="Blocking disabled for 5 minutes")
    sent = fake.requests[-1]
    assert (sent.method, sent.url.path) == V5_API
    assert dict(sent.url.params) == {"disable": "300", "auth": TOKEN}
    assert body("v5_disable") == {"status": "disabled"}


async def test_v5_enable_blocking_calls_api_php_enable(
    make_client: Callable[..., PiholeClient],
) -> None:
    fake = FakePiholeV5()
    result = await act(make_client(fake.upstream, api_token()), "enableBlocking")

    assert result == ActionResult(message="Blocking enabled")
    sent = fake.requests[-1]
    assert dict(sent.url.params) == {"enable": "", "auth": TOKEN}


async def test_v5_wrong_token_refuses_the_action(
    make_client: Callable[..., PiholeClient],
) -> None:
    fake = FakePiholeV5()
    with pytest.raises(IntegrationError) as caught:
        await act(make_client(fake.upstream, api_token(WRONG)), "disableBlocking", seconds=60)
    assert caught.value.code is ErrorCode.UNAUTHORIZED
    assert_no_secret(caught.value, WRONG)


async def test_v5_unexpected_status_is_upstream_error(
    make_client: Callable[..., PiholeClient],
) -> None:
    fake = FakePiholeV5(enable=httpx.Response(200, json={"status": "disabled"}))
    with pytest.raises(IntegrationError) as caught:
        await act(make_client(fake.upstream, api_token()), "enableBlocking")
    assert caught.value.code is ErrorCode.UPSTREAM_ERROR
    assert "'disabled' instead of 'enabled'" in caught.value.message
