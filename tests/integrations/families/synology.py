"""The Synology Web API's rules (DSM, Download Station) as a fake upstream for their tests, and
the login tests both integrations share."""

from __future__ import annotations

import copy
from collections import Counter
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import parse_qs

import httpx
import pytest

from integrations.errors import ErrorCode, IntegrationError
from integrations.registry import registry
from tests.integrations.upstream import fixture, fixture_body, no_secret_in, response_of

ACCOUNT = "dashboard"
PASSWORD = "fixture-password-5e1"
BASE = "http://nas.test:5000"
INFO_API = "SYNO.API.Info"
AUTH_API = "SYNO.API.Auth"


def config(password: str = PASSWORD, url: str = BASE, account: str = ACCOUNT) -> dict[str, Any]:
    return {
        "url": url,
        "credentials": {"type": "usernamePassword", "username": account, "password": password},
    }


def error(code: int) -> dict[str, Any]:
    return {"success": False, "error": {"code": code}}


class FakeSynology:
    """DSM's Web API over transcribed answers.

    ``SYNO.API.Info`` answers at ``info_path`` only (``/webapi/entry.cgi`` as DSM 7, or
    ``/webapi/query.cgi`` as older DSM), with ``info`` (a fixture's name or an answer); every other API answers only
    at the path that fixture gives it (404 elsewhere, like DSM's web server). The login is a form
    POST checked against ``ACCOUNT`` and the password (``refusal``, a fixture's name or an
    answer, otherwise); each
    good login hands out a new session id, and every other call needs a live one as ``_sid``
    (error 119, "SID not found", otherwise). ``routes`` maps ``(api, method)`` to a fixture name,
    a JSON value (answered as is) or a function of the request.
    """

    def __init__(
        self,
        integration_id: str,
        routes: Mapping[tuple[str, str], Any],
        *,
        info: str | dict[str, Any] = "api_info",
        info_path: str = "/webapi/entry.cgi",
        password: str = PASSWORD,
        refusal: str | dict[str, Any] = "unauthorized",
    ) -> None:
        self.integration_id = integration_id
        self.routes = dict(routes)
        self.info = fixture_body(integration_id, info) if isinstance(info, str) else info
        self.info_path = info_path
        self.password = password
        self.refusal = refusal
        self.paths = {name: "/webapi/" + api["path"] for name, api in self.info["data"].items()}
        self.sessions: list[str] = []
        self.live: set[str] = set()
        self.calls: Counter[tuple[str, str]] = Counter()
        self.requests: list[httpx.Request] = []
        self.logins: list[dict[str, str]] = []
        self.logouts: list[str] = []

    def answer(self, name: str) -> httpx.Response:
        return response_of(fixture(self.integration_id, name))

    def expire(self) -> None:
        """DSM's session timeout: every session is gone."""
        self.live.clear()

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        params = dict(request.url.params)
        if request.method == "POST":
            form = {k: v[-1] for k, v in parse_qs(request.content.decode()).items()}
            params = {**params, **form}
        api, method = params.get("api", ""), params.get("method", "")
        self.calls[(api, method)] += 1
        path = request.url.path
        if api == INFO_API:
            if path != self.info_path:
                return httpx.Response(404, text="<html>404 Not Found</html>")
            return httpx.Response(200, json=self.info)
        if self.paths.get(api) != path:
            return httpx.Response(404, text="<html>404 Not Found</html>")
        if api == AUTH_API and method == "login":
            return self.login(request, params)
        if api == AUTH_API and method == "logout":
            sid = params.get("_sid", "")
            self.logouts.append(sid)
            self.live.discard(sid)
            return httpx.Response(200, json={"success": True})
        if params.get("_sid") not in self.live:
            return httpx.Response(200, json=error(119))
        value = self.routes.get((api, method))
        if value is None:
            return httpx.Response(200, json=error(103))  # no such method
        if callable(value):
            result: httpx.Response = value(request)
            return result
        if isinstance(value, dict | list):
            return httpx.Response(200, json=value)
        return self.answer(value)

    def login(self, request: httpx.Request, params: dict[str, str]) -> httpx.Response:
        if request.method != "POST":
            return httpx.Response(200, json=error(101))
        self.logins.append(params)
        if params.get("account") != ACCOUNT or params.get("passwd") != self.password:
            if isinstance(self.refusal, dict):
                return httpx.Response(200, json=self.refusal)
            return self.answer(self.refusal)
        sid = f"sid-{len(self.sessions) + 1}-Qm9vaz"
        self.sessions.append(sid)
        self.live.add(sid)
        data = copy.deepcopy(fixture(self.integration_id, "login"))
        data["response"]["body"]["data"]["sid"] = sid
        return response_of(data)

    @property
    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handle)

    def sent_sids(self, api: str) -> list[str | None]:
        """The ``_sid`` of every request to ``api``, in order."""
        return [r.url.params.get("_sid") for r in self.requests if r.url.params.get("api") == api]


MakeClient = Callable[..., Any]


async def refused_login(
    integration_id: str, make_client: MakeClient, fake: FakeSynology, password: str
) -> IntegrationError:
    """The connection test's error for a login ``fake`` refuses; no secret in it."""
    client = make_client(fake, password)
    integration = registry.get(integration_id)
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(client)
    no_secret_in(caught.value, password, PASSWORD)
    return caught.value


async def check_login_session(
    integration_id: str, make_client: MakeClient, fake: FakeSynology, endpoint: str
) -> None:
    """One login for many calls; a session DSM dropped (error 119) is replaced once and the
    call repeated with the new id; the password travels in a form, never in a URL."""
    integration = registry.get(integration_id)
    client = make_client(fake)
    await integration.test_connection(client)
    await integration.fetch_data(client, endpoint)
    assert fake.calls[(AUTH_API, "login")] == 1
    assert fake.calls[(INFO_API, "query")] == 1
    fake.expire()
    await integration.fetch_data(client, endpoint)
    assert fake.calls[(AUTH_API, "login")] == 2
    assert fake.sessions[-1] in fake.live
    for request in fake.requests:
        assert PASSWORD not in str(request.url)
    login = fake.logins[0]
    assert login["format"] == "sid" and login["method"] == "login"
    assert login["account"] == ACCOUNT and login["passwd"] == PASSWORD


async def check_a_session_refused_after_a_new_login(
    integration_id: str, make_client: MakeClient, fake: FakeSynology, endpoint: str
) -> None:
    """DSM refusing every session (a proxy changing the source address, say) is UNAUTHORIZED
    after one new login, not an endless round of them (``endpoint`` makes one call)."""

    def always_gone(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=error(106))

    integration = registry.get(integration_id)
    for key in list(fake.routes):
        fake.routes[key] = always_gone
    client = make_client(fake)
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(client, endpoint)
    assert caught.value.code is ErrorCode.UNAUTHORIZED, caught.value
    no_secret_in(caught.value, PASSWORD, *fake.sessions)
    assert fake.calls[(AUTH_API, "login")] == 2  # the first, and one renewal
