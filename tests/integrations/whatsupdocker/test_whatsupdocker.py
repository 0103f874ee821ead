"""What's Up Docker integration against answers transcribed from WUD 8.3.1's API documentation
and sources (values written for the tests)."""

from __future__ import annotations

import base64
import copy
from collections.abc import Callable
from functools import partial
from typing import Any

import httpx
import pytest
from pydantic import ValidationError

from integrations.actions import ActionResult
from integrations.errors import ErrorCode, IntegrationError
from integrations.whatsupdocker import integration
from integrations.whatsupdocker.client import WhatsUpDockerClient
from integrations.whatsupdocker.definition import MAX_CONTAINERS, WhatsUpDockerContainers
from tests.integrations.upstream import (
    FakeUpstream,
    fixture,
    fixture_body,
    refusal,
    response_of,
    secret_check,
)

ID = "whatsupdocker"
BASE = "http://wud.test:3000"
USER, PASSWORD = "john", "fixture-wud-password"
APP = ("GET", "/api/app")
CONTAINERS = ("GET", "/api/containers")
WATCH = ("POST", "/api/containers/watch")
BASIC = "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()

MakeClient = Callable[..., WhatsUpDockerClient]
body = partial(fixture_body, ID)
refused = partial(refusal, ID)
assert_no_secret = secret_check(PASSWORD)


def config(password: str | None = PASSWORD, url: str = BASE) -> dict[str, Any]:
    if password is None:
        return {"url": url, "credentials": {"type": "none"}}
    return {
        "url": url,
        "credentials": {"type": "usernamePassword", "username": USER, "password": password},
    }


def fake(protected: bool = True, **changes: Any) -> FakeUpstream:
    """WUD: /api/app is open; with a WUD_AUTH_BASIC user, the rest needs its basic auth."""
    routes: dict[tuple[str, str], Any] = {APP: "app", CONTAINERS: "containers", WATCH: "watch"}
    for name, value in changes.items():
        routes[{"app": APP, "containers": CONTAINERS, "watch": WATCH}[name]] = value

    def refuse(request: httpx.Request) -> httpx.Response | None:
        if request.headers.get("authorization") == BASIC:
            return None
        return response_of(fixture(ID, "unauthorized"))

    return FakeUpstream(ID, routes, refuse=refuse if protected else None, open_routes=[APP])


async def containers(client: WhatsUpDockerClient) -> WhatsUpDockerContainers:
    payload = await integration.fetch_data(client, "containers")
    assert isinstance(payload, WhatsUpDockerContainers)
    return payload


async def test_connection(make_client: MakeClient) -> None:
    info = await integration.test_connection(make_client(fake()))
    assert info.version == "8.3.1" and info.details == {"containers": "5"}


async def test_containers_updates_first(make_client: MakeClient) -> None:
    payload = await containers(make_client(fake()))
    assert (payload.total, payload.updates_available, payload.errors) == (5, 3, 1)
    assert (payload.major, payload.minor, payload.patch, payload.digest) == (1, 1, 0, 1)
    names = [c.name for c in payload.containers]
    assert names == ["Home Assistant", "nginx", "postgres", "private-app", "grafana"]
    ha, nginx, postgres, private, grafana = payload.containers
    assert (ha.current, ha.available, ha.update_kind, ha.semver_diff) == (
        "2026.10.4",
        "2026.11.2",
        "tag",
        "minor",
    )
    assert (nginx.update_kind, nginx.semver_diff, nginx.available) == (
        "digest",
        None,
        "sha256:2222bbbb",
    )
    assert postgres.semver_diff == "major"
    assert private.error is not None and private.error.startswith("Unable to find a registry")
    assert (private.status, private.update_available) == ("exited", False)
    assert (grafana.current, grafana.available, grafana.image) == (
        "12.3.0",
        None,
        "grafana/grafana",
    )


async def test_without_authentication(make_client: MakeClient) -> None:
    upstream = fake(protected=False)
    payload = await containers(make_client(upstream, None))
    assert payload.total == 5
    assert "authorization" not in upstream.requests[0].headers


async def test_many_containers_are_counted_and_capped(make_client: MakeClient) -> None:
    template = body("containers")[0]
    many = []
    for n in range(MAX_CONTAINERS + 9):
        container = copy.deepcopy(template)
        container["id"], container["displayName"] = f"id{n}", f"c{n:03}" + "x" * 900
        container["error"] = {"message": "e" * 5000}
        many.append(container)
    payload = await containers(make_client(fake(containers=many)))
    assert payload.total == payload.updates_available == payload.errors == MAX_CONTAINERS + 9
    assert len(payload.containers) == MAX_CONTAINERS
    assert all(len(c.name) <= 200 and len(c.error or "") <= 200 for c in payload.containers)


async def test_a_wrong_password_is_unauthorized_without_it(make_client: MakeClient) -> None:
    for endpoint_id in (None, "containers"):
        err = await refused(make_client(fake(), "wrong-wud-password"), endpoint_id)
        assert (err.code, err.status) == (ErrorCode.UNAUTHORIZED, 401)
        assert "rejected the username or password" in err.message
        assert_no_secret(err, "wrong-wud-password", PASSWORD)


async def test_a_protected_wud_without_credentials_says_so(make_client: MakeClient) -> None:
    err = await refused(make_client(fake(), None))
    assert err.code is ErrorCode.UNAUTHORIZED and "asks for a login" in err.message


async def test_a_web_page_is_invalid_response(make_client: MakeClient) -> None:
    page = "not_that_service"
    for endpoint_id in (None, "containers"):
        err = await refused(make_client(fake(app=page, containers=page)), endpoint_id)
        assert err.code is ErrorCode.INVALID_RESPONSE
        assert_no_secret(err)


def test_a_login_needs_the_password() -> None:
    with pytest.raises(ValidationError) as caught:
        integration.config_model.model_validate(
            {"url": BASE, "credentials": {"type": "usernamePassword", "username": USER}}
        )
    assert caught.value.errors()[0]["loc"][-1] == "password"


# --- actions ------------------------------------------------------------------------------------


async def test_watch_all_checks_every_container(make_client: MakeClient) -> None:
    spec = integration.actions["watchAll"]
    assert spec.affects == ("containers",) and not spec.destructive
    upstream = fake()
    result = await integration.run_action(
        make_client(upstream), "watchAll", spec.input.model_validate({})
    )
    (sent,) = upstream.requests
    assert (sent.method, sent.url.path) == WATCH and sent.headers["authorization"] == BASIC
    assert result == ActionResult(message="Checked 2 containers: 1 with an update", affected=2)


async def test_watch_all_refused(make_client: MakeClient) -> None:
    spec = integration.actions["watchAll"]
    client = make_client(fake(), "wrong-wud-password")
    with pytest.raises(IntegrationError) as caught:
        await integration.run_action(client, "watchAll", spec.input.model_validate({}))
    assert caught.value.code is ErrorCode.UNAUTHORIZED
    assert_no_secret(caught.value, "wrong-wud-password")
