"""Traefik integration against fixtures transcribed from the Traefik API docs and test data."""

from __future__ import annotations

import base64
import copy
from collections.abc import Callable
from functools import partial
from typing import Any

import httpx
import pytest

from integrations.errors import ErrorCode, IntegrationError
from integrations.traefik import integration
from integrations.traefik.client import TraefikClient
from integrations.traefik.definition import TraefikOverview, TraefikServices
from integrations.types import ServiceInfo
from tests.integrations.upstream import (
    Clients,
    FakeUpstream,
    fixture_body,
    needs_header,
    secret_check,
)

ID = "traefik"
PASSWORD = "traefik-dashboard-pw"
TOKEN = "traefik-api-token-123"
BASE = "http://traefik.test:8080"
VERSION = ("GET", "/api/version")
OVERVIEW = ("GET", "/api/overview")
SERVICES = ("GET", "/api/http/services")
API = {VERSION: "version", OVERVIEW: "overview", SERVICES: "http_services"}
BASIC = "Basic " + base64.b64encode(f"admin:{PASSWORD}".encode()).decode()


def config(credentials: dict[str, Any] | None = None, url: str = BASE) -> dict[str, Any]:
    return {"url": url, "credentials": credentials or {"type": "none"}}


def basic(password: str = PASSWORD) -> dict[str, Any]:
    return {"type": "usernamePassword", "username": "admin", "password": password}


def bearer(token: str = TOKEN) -> dict[str, Any]:
    return {"type": "token", "token": token}


body = partial(fixture_body, ID)
assert_no_secret = secret_check(always=(PASSWORD, TOKEN))


def fake_traefik(
    routes: dict[tuple[str, str], Any] | None = None, *, require: str | None = None
) -> FakeUpstream:
    """Traefik's API, open or behind a middleware that wants ``require`` as the Authorization
    header (basicAuth answers 401 otherwise)."""

    refuse = (
        None
        if require is None
        else needs_header(ID, "authorization", require, "unauthorized_basic_auth")
    )
    return FakeUpstream(ID, {**API, **(routes or {})}, refuse=refuse)


@pytest.fixture
def make_client(clients: Clients) -> Callable[..., TraefikClient]:
    return lambda upstream, conf=None: clients(conf or config(), upstream)


# --- metadata -----------------------------------------------------------------------------------


def test_metadata() -> None:
    assert integration.default_port == 8080
    assert [(f.name, f.kind.value) for f in integration.form() if f.group != "connection"] == [
        ("credentials.username", "string"),
        ("credentials.password", "secret"),
        ("credentials.token", "secret"),
    ]
    overview, services = integration.endpoints["overview"], integration.endpoints["services"]
    assert (overview.payload, overview.ttl, overview.min_refresh) == (TraefikOverview, 30, 10)
    assert (services.payload, services.ttl, services.min_refresh) == (TraefikServices, 15, 5)


# --- success ------------------------------------------------------------------------------------


async def test_connection_reports_version(make_client: Callable[..., TraefikClient]) -> None:
    upstream = fake_traefik()
    info = await integration.test_connection(make_client(upstream))

    raw = body("version")
    assert info == ServiceInfo(version=raw["Version"], details={"codename": raw["Codename"]})
    assert info.version == "3.2.1"
    assert "authorization" not in upstream.requests[0].headers


@pytest.mark.parametrize(
    ("credentials", "header"), [(basic(), BASIC), (bearer(), f"Bearer {TOKEN}")]
)
async def test_connection_behind_authentication(
    make_client: Callable[..., TraefikClient], credentials: dict[str, Any], header: str
) -> None:
    upstream = fake_traefik(require=header)
    info = await integration.test_connection(make_client(upstream, config(credentials)))
    assert info.version == body("version")["Version"]
    assert upstream.requests[0].headers["authorization"] == header


async def test_overview_matches_api_overview(make_client: Callable[..., TraefikClient]) -> None:
    result = await integration.fetch_data(make_client(fake_traefik()), "overview")

    raw = body("overview")
    assert isinstance(result, TraefikOverview)
    assert result.version == body("version")["Version"]
    for protocol in ("http", "tcp", "udp"):
        counts = getattr(result, protocol)
        for kind in ("routers", "services", "middlewares"):
            section = raw[protocol].get(kind)
            value = getattr(counts, kind)
            if protocol == "udp" and kind == "middlewares":
                assert value is None
                continue
            assert value.model_dump() == section
    sections = [s for scheme in raw.values() if isinstance(scheme, dict) for s in scheme.values()]
    sections = [s for s in sections if isinstance(s, dict) and "total" in s]
    assert result.warnings == sum(s["warnings"] for s in sections) == 4
    assert result.errors == sum(s["errors"] for s in sections) == 5
    assert (result.tracing, result.metrics, result.access_log) == ("Jaeger", "Prometheus", False)
    assert result.providers == raw["providers"] == ["Docker", "File"]


async def test_overview_of_an_early_v2(make_client: Callable[..., TraefikClient]) -> None:
    upstream = fake_traefik({OVERVIEW: "overview_early_v2"})
    result = await integration.fetch_data(make_client(upstream), "overview")

    raw = body("overview_early_v2")
    assert isinstance(result, TraefikOverview)
    assert result.http.routers.total == raw["http"]["routers"]["total"]
    assert result.tcp.middlewares is not None and result.tcp.middlewares.total == 0
    assert result.udp.routers.total == result.udp.services.total == 0
    assert (result.tracing, result.metrics, result.providers) == (None, None, [])


async def test_services_match_api_http_services(make_client: Callable[..., TraefikClient]) -> None:
    upstream = fake_traefik()
    result = await integration.fetch_data(make_client(upstream), "services")

    raw = body("http_services")
    assert isinstance(result, TraefikServices)
    assert result.total == len(raw) == 4
    assert result.enabled == 4
    assert (result.disabled, result.warning, result.servers_down) == (0, 0, 0)
    assert result.servers_up == sum(len(s.get("serverStatus", {})) for s in raw) == 2
    assert [s.name for s in result.services] == sorted(s["name"] for s in raw)
    bar = result.services[0]
    assert (bar.provider, bar.type, bar.status, bar.servers_up) == (
        "myprovider",
        "loadbalancer",
        "enabled",
        1,
    )
    canary = next(s for s in result.services if s.name == "canary@myprovider")
    assert (canary.type, canary.servers_up, canary.servers_down) == ("weighted", 0, 0)
    (request,) = upstream.requests
    assert request.url.params["page"] == "1"
    assert request.url.params["per_page"] == "100"


async def test_services_problems_first(make_client: Callable[..., TraefikClient]) -> None:
    upstream = fake_traefik({SERVICES: "http_services_mixed"})
    result = await integration.fetch_data(make_client(upstream), "services")

    raw = body("http_services_mixed")
    assert isinstance(result, TraefikServices)
    assert result.total == len(raw) == 5
    assert (result.enabled, result.disabled, result.warning) == (3, 1, 1)
    statuses = [v for s in raw for v in s.get("serverStatus", {}).values()]
    assert result.servers_up == statuses.count("UP") == 3
    assert result.servers_down == statuses.count("DOWN") == 1
    assert [s.name for s in result.services] == [
        "app@file",
        "jellyfin@docker",
        "whoami@docker",
        "api@internal",
        "grafana@docker",
    ]
    app, jellyfin, whoami = result.services[:3]
    assert (app.status, app.error) == ("disabled", 'the service "green@file" does not exist')
    assert (jellyfin.servers_up, jellyfin.servers_down) == (1, 1)
    assert whoami.status == "warning"


async def test_services_follow_pages(make_client: Callable[..., TraefikClient]) -> None:
    template = body("http_services")[0]

    def page(request: httpx.Request) -> httpx.Response:
        number = int(request.url.params["page"])
        items = []
        for n in range(100 if number < 3 else 20):
            item = copy.deepcopy(template)
            item["name"] = f"svc{number}-{n:03}@docker"
            items.append(item)
        following = str(number + 1) if number < 3 else "1"
        return httpx.Response(200, json=items, headers={"X-Next-Page": following})

    upstream = fake_traefik({SERVICES: page})
    result = await integration.fetch_data(make_client(upstream), "services")

    assert isinstance(result, TraefikServices)
    assert result.total == 220
    assert len(result.services) == 100
    assert upstream.calls[SERVICES] == 3


# --- failures -----------------------------------------------------------------------------------


async def test_api_behind_auth_without_credentials(
    make_client: Callable[..., TraefikClient],
) -> None:
    upstream = fake_traefik(require=BASIC)
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(upstream))
    assert caught.value.code is ErrorCode.UNAUTHORIZED
    assert "behind authentication" in caught.value.message


@pytest.mark.parametrize("credentials", [basic("wrong-password"), bearer("wrong-token")])
async def test_wrong_credentials_are_unauthorized(
    make_client: Callable[..., TraefikClient], credentials: dict[str, Any]
) -> None:
    upstream = fake_traefik(require=BASIC)
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(upstream, config(credentials)))
    err = caught.value
    assert err.code is ErrorCode.UNAUTHORIZED
    assert (err.status, err.url) == (401, f"{BASE}/api/version")
    assert_no_secret(err, "wrong-password", "wrong-token")


@pytest.mark.parametrize("name", ["not_that_service", "other_json"])
async def test_not_traefik_is_invalid_response(
    make_client: Callable[..., TraefikClient], name: str
) -> None:
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(fake_traefik({VERSION: name})))
    assert caught.value.code is ErrorCode.INVALID_RESPONSE


async def test_api_disabled_is_not_found(make_client: Callable[..., TraefikClient]) -> None:
    # Without api.insecure (or a router to api@internal) the entry point answers 404.
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(FakeUpstream(ID, {})))
    assert caught.value.code is ErrorCode.NOT_FOUND


async def test_server_error_is_upstream_error(make_client: Callable[..., TraefikClient]) -> None:
    upstream = fake_traefik({OVERVIEW: httpx.Response(502, text="Bad Gateway")})
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(make_client(upstream, config(basic())), "overview")
    assert caught.value.code is ErrorCode.UPSTREAM_ERROR
    assert caught.value.status == 502
    assert_no_secret(caught.value)
