"""Nginx Proxy Manager integration against the examples of its API schema (2.15.1) and its
error handling; certificate expiries are set relative to now."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any

import httpx
import pytest

from integrations.errors import ErrorCode, IntegrationError
from integrations.npm import integration
from integrations.npm.client import NginxProxyManagerClient
from integrations.npm.definition import NginxProxyManagerHosts
from tests.integrations.upstream import (
    FakeUpstream,
    fixture,
    fixture_body,
    response_of,
    secret_check,
)

ID = "npm"
EMAIL, PASSWORD = "me@example.com", "fixture-password"
BASE = "http://npm.test:81"
TOKEN = fixture_body(ID, "token")["token"]

MakeClient = Callable[..., NginxProxyManagerClient]

body = partial(fixture_body, ID)
assert_no_secret = secret_check(PASSWORD, always=(TOKEN,))


def config(password: str = PASSWORD, url: str = BASE) -> dict[str, Any]:
    return {
        "url": url,
        "credentials": {"type": "usernamePassword", "username": EMAIL, "password": password},
    }


class FakeNpm:
    def __init__(self, hosts: Any = None, login: str = "token") -> None:
        self.logins = 0
        self.expired = False
        self.login_answer = login
        self.upstream = FakeUpstream(
            ID,
            {
                ("POST", "/api/tokens"): self.login,
                ("GET", "/api/reports/hosts"): "reports_hosts",
                ("GET", "/api/nginx/proxy-hosts"): hosts if hosts is not None else "proxy_hosts",
            },
            refuse=self.refuse,
            open_routes=[("POST", "/api/tokens")],
        )

    def login(self, request: httpx.Request) -> httpx.Response:
        self.logins += 1
        if json.loads(request.content) != {"identity": EMAIL, "secret": PASSWORD}:
            return response_of(fixture(ID, "invalid_auth"))
        self.expired = False
        return response_of(fixture(ID, self.login_answer))

    def refuse(self, request: httpx.Request) -> httpx.Response | None:
        if self.expired or request.headers.get("authorization") != f"Bearer {TOKEN}":
            return response_of(fixture(ID, "token_expired"))
        return None


def hosts_with_certificates() -> list[dict[str, Any]]:
    now = datetime.now(UTC)
    template = body("proxy_hosts")[0]
    ok, expiring, offline, disabled = (copy.deepcopy(template) for _ in range(4))
    ok["certificate"] = {
        "nice_name": "ok.example",
        "expires_on": (now + timedelta(days=60)).isoformat(),
    }
    expiring.update(id=2, domain_names=["b.example"])
    expiring["certificate"] = {
        "nice_name": "b.example",
        "expires_on": (now + timedelta(days=3)).isoformat(),
    }
    offline.update(
        id=3,
        domain_names=["c.example"],
        meta={"nginx_online": False, "nginx_err": "host not found in upstream"},
    )
    disabled.update(
        id=4,
        domain_names=["d.example"],
        enabled=False,
        meta={"nginx_online": False, "nginx_err": None},
    )
    return [ok, expiring, offline, disabled]


async def hosts(client: NginxProxyManagerClient) -> NginxProxyManagerHosts:
    payload = await integration.fetch_data(client, "hosts")
    assert isinstance(payload, NginxProxyManagerHosts)
    return payload


async def test_documented_hosts(make_client: MakeClient) -> None:
    npm = FakeNpm()
    payload = await hosts(make_client(npm.upstream))
    assert (
        payload.proxy_hosts,
        payload.redirection_hosts,
        payload.streams,
        payload.dead_hosts,
    ) == (20, 1, 0, 1)
    (host,) = payload.hosts
    assert (host.domains, host.forward, host.online, host.enabled) == (
        ["test.jc21com"],
        "http://127.0.0.1:8081",
        True,
        True,
    )
    assert npm.logins == 1


async def test_problems_first(make_client: MakeClient) -> None:
    payload = await hosts(make_client(FakeNpm(hosts=hosts_with_certificates()).upstream))
    assert [h.domains[0] for h in payload.hosts] == [
        "c.example",
        "b.example",
        "test.jc21com",
        "d.example",
    ]
    offline, expiring, *_ = payload.hosts
    assert offline.error == "host not found in upstream" and expiring.certificate_expiring
    assert (payload.offline, payload.certificates_expiring, payload.enabled, payload.disabled) == (
        1,
        1,
        3,
        1,
    )


async def test_an_expired_token_logs_in_again(make_client: MakeClient) -> None:
    npm = FakeNpm()
    client = make_client(npm.upstream)
    await hosts(client)
    npm.expired = True
    await hosts(client)
    assert npm.logins == 2


async def test_wrong_password_is_unauthorized_without_secrets(make_client: MakeClient) -> None:
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(FakeNpm().upstream, "wrong"))
    assert (
        caught.value.code is ErrorCode.UNAUTHORIZED and "email or password" in caught.value.message
    )
    assert_no_secret(caught.value, "wrong")


async def test_two_factor_users_are_refused_clearly(make_client: MakeClient) -> None:
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(FakeNpm(login="token_2fa").upstream))
    assert caught.value.code is ErrorCode.UNAUTHORIZED and "two-factor" in caught.value.message


async def test_connection(make_client: MakeClient) -> None:
    info = await integration.test_connection(make_client(FakeNpm().upstream))
    assert info.details == {"proxyHosts": "20"}
