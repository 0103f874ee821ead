"""Portainer integration against fixtures transcribed from the Portainer CE 2.x API docs."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from typing import Any

import httpx
import pytest
from pydantic import ValidationError

from integrations.actions import ActionResult
from integrations.errors import ErrorCode, IntegrationError
from integrations.portainer import integration
from integrations.portainer.client import PortainerClient
from integrations.portainer.definition import PortainerContainers
from integrations.types import ServiceInfo
from tests.integrations.upstream import (
    Clients,
    FakeUpstream,
    fixture,
    fixture_body,
    response_of,
    secret_check,
)

ID = "portainer"
API_KEY = "ptr_Xq3dW9bT2mJ8kL5nP7rS1vY4zA6cE0gH"
PASSWORD = "portainer-password-1"
BASE = "https://portainer.test:9443"
AUTH = ("POST", "/api/auth")
SYSTEM_STATUS = ("GET", "/api/system/status")
LEGACY_STATUS = ("GET", "/api/status")
ENDPOINTS = ("GET", "/api/endpoints")


def key_config(key: str = API_KEY, url: str = BASE) -> dict[str, Any]:
    return {"url": url, "credentials": {"type": "apiKey", "apiKey": key}}


def password_config(password: str = PASSWORD, url: str = BASE) -> dict[str, Any]:
    creds = {"type": "usernamePassword", "username": "admin", "password": password}
    return {"url": url, "credentials": creds}


body = partial(fixture_body, ID)
assert_no_secret = secret_check(always=(API_KEY, PASSWORD, "jwt-1", "jwt-2"))


class FakePortainer:
    """Portainer's bouncer over the transcribed answers: the status routes are public, the
    others want the X-API-Key access token or a JWT from /api/auth (401 otherwise); a restart,
    or the session timeout, invalidates every JWT."""

    def __init__(self, routes: dict[tuple[str, str], Any] | None = None) -> None:
        self.jwts: list[str] = []
        self.valid: set[str] = set()
        routes = routes or {}
        self.upstream = FakeUpstream(
            ID,
            {AUTH: self.login, SYSTEM_STATUS: "system_status", ENDPOINTS: "endpoints", **routes},
            refuse=self.refuse,
            # only the recorded environments want a token: a route a test gives is served as is
            open_routes={AUTH, SYSTEM_STATUS, LEGACY_STATUS, *routes},
        )

    def login(self, request: httpx.Request) -> httpx.Response:
        if json.loads(request.content) != {"username": "admin", "password": PASSWORD}:
            return response_of(fixture(ID, "auth_invalid_credentials"))
        jwt = f"jwt-{len(self.jwts) + 1}"
        self.jwts.append(jwt)
        self.valid.add(jwt)
        data = fixture(ID, "auth")
        data["response"]["body"]["jwt"] = jwt
        return response_of(data)

    def refuse(self, request: httpx.Request) -> httpx.Response | None:
        key = request.headers.get("x-api-key")
        bearer = request.headers.get("authorization", "").removeprefix("Bearer ")
        if key != API_KEY and bearer not in self.valid:
            return response_of(fixture(ID, "token_missing"))
        return None

    def restart(self) -> None:
        self.valid.clear()

    @property
    def logins(self) -> int:
        return self.upstream.calls[AUTH]


@pytest.fixture
def make_client(clients: Clients) -> Callable[..., PortainerClient]:
    return lambda upstream, config=None: clients(config or key_config(), upstream)


# --- metadata -----------------------------------------------------------------------------------


def test_metadata() -> None:
    assert integration.default_port == 9443
    assert integration.verification == "Built from the Portainer CE API documentation, version 2.x"
    assert [(f.name, f.kind.value) for f in integration.form() if f.group != "connection"] == [
        ("credentials.apiKey", "secret"),
        ("credentials.username", "string"),
        ("credentials.password", "secret"),
    ]
    containers = integration.endpoints["containers"]
    assert (containers.payload, containers.ttl, containers.min_refresh) == (
        PortainerContainers,
        30,
        10,
    )


# --- success ------------------------------------------------------------------------------------


async def test_connection_with_access_token(make_client: Callable[..., PortainerClient]) -> None:
    fake = FakePortainer()
    info = await integration.test_connection(make_client(fake.upstream))

    assert info == ServiceInfo(
        version=body("system_status")["Version"],
        details={"environments": str(len(body("endpoints")))},
    )
    assert info.version == "2.21.4"
    assert fake.logins == 0
    for request in fake.upstream.requests:
        assert request.headers["x-api-key"] == API_KEY
        assert "authorization" not in request.headers


async def test_connection_with_password(make_client: Callable[..., PortainerClient]) -> None:
    fake = FakePortainer()
    info = await integration.test_connection(make_client(fake.upstream, password_config()))

    assert info.version == "2.21.4"
    assert fake.logins == 1
    login = fake.upstream.requests[0]
    assert json.loads(login.content) == {"username": "admin", "password": PASSWORD}
    endpoints = next(r for r in fake.upstream.requests if r.url.path == ENDPOINTS[1])
    assert endpoints.headers["authorization"] == "Bearer jwt-1"
    assert "x-api-key" not in endpoints.headers


async def test_version_from_the_route_before_2_17(
    make_client: Callable[..., PortainerClient],
) -> None:
    fake = FakePortainer({SYSTEM_STATUS: httpx.Response(404, text="404 page not found\n")})
    fake.upstream.route(*LEGACY_STATUS, "status_legacy")
    info = await integration.test_connection(make_client(fake.upstream))
    assert info.version == body("status_legacy")["Version"] == "2.16.2"


async def test_containers_match_the_snapshots(
    make_client: Callable[..., PortainerClient],
) -> None:
    fake = FakePortainer()
    result = await integration.fetch_data(make_client(fake.upstream), "containers")

    raw = {e["Name"]: e for e in body("endpoints")}
    assert isinstance(result, PortainerContainers)
    assert [e.name for e in result.environments] == sorted(raw) == ["k3s", "local", "nas-agent"]
    k3s, local, agent = result.environments

    snap = raw["local"]["Snapshots"][0]
    assert (local.id, local.kind, local.status) == (raw["local"]["Id"], "docker", "up")
    assert local.running == snap["RunningContainerCount"] == 23
    assert local.stopped == snap["StoppedContainerCount"]
    assert local.healthy == snap["HealthyContainerCount"]
    assert local.unhealthy == snap["UnhealthyContainerCount"]
    assert local.stacks == snap["StackCount"]
    assert local.docker_version == snap["DockerVersion"]
    assert local.snapshot_at == datetime.fromtimestamp(snap["Time"], UTC)

    assert (agent.kind, agent.status) == ("docker agent", "down")  # Status 2
    assert agent.running == raw["nas-agent"]["Snapshots"][0]["RunningContainerCount"]

    # Kubernetes environments have no Docker snapshot: no container counts
    assert (k3s.kind, k3s.status) == ("kubernetes agent", "up")
    assert (k3s.running, k3s.stopped, k3s.healthy, k3s.snapshot_at) == (None, None, None, None)

    snapshots = [s for e in raw.values() for s in e["Snapshots"]]
    assert (result.environments_up, result.environments_down) == (2, 1)
    assert result.running == sum(s["RunningContainerCount"] for s in snapshots) == 28
    assert result.stopped == sum(s["StoppedContainerCount"] for s in snapshots)
    assert result.healthy == sum(s["HealthyContainerCount"] for s in snapshots)
    assert result.unhealthy == sum(s["UnhealthyContainerCount"] for s in snapshots) == 1


async def test_the_newest_snapshot_counts(make_client: Callable[..., PortainerClient]) -> None:
    raw = body("endpoints")[:1]
    older = {**raw[0]["Snapshots"][0], "Time": 1700000000, "RunningContainerCount": 1}
    raw[0]["Snapshots"] = [raw[0]["Snapshots"][0], older]
    fake = FakePortainer({ENDPOINTS: httpx.Response(200, json=raw)})
    result = await integration.fetch_data(make_client(fake.upstream), "containers")
    assert isinstance(result, PortainerContainers)
    assert result.running == 23


# --- sessions -----------------------------------------------------------------------------------


async def test_jwt_reused(make_client: Callable[..., PortainerClient]) -> None:
    fake = FakePortainer()
    client = make_client(fake.upstream, password_config())
    await asyncio.gather(
        integration.test_connection(client),
        integration.fetch_data(client, "containers"),
    )
    await integration.fetch_data(client, "containers")
    assert fake.logins == 1


async def test_expired_jwt_logs_in_again_once(make_client: Callable[..., PortainerClient]) -> None:
    fake = FakePortainer()
    client = make_client(fake.upstream, password_config())
    await integration.fetch_data(client, "containers")
    fake.restart()  # the session timeout passed: 401

    result = await integration.fetch_data(client, "containers")

    assert isinstance(result, PortainerContainers)
    assert fake.logins == 2
    tried, retried = [r for r in fake.upstream.requests if r.url.path == ENDPOINTS[1]][1:]
    assert tried.headers["authorization"] == "Bearer jwt-1"
    assert retried.headers["authorization"] == "Bearer jwt-2"


async def test_rejected_fresh_jwt_is_unauthorized_without_a_loop(
    make_client: Callable[..., PortainerClient],
) -> None:
    fake = FakePortainer({ENDPOINTS: "token_missing"})
    client = make_client(fake.upstream, password_config())
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(client, "containers")
    assert caught.value.code is ErrorCode.UNAUTHORIZED
    assert fake.logins == 2
    assert_no_secret(caught.value)
    with pytest.raises(IntegrationError):
        await integration.fetch_data(client, "containers")
    assert fake.logins == 3


async def test_jwt_exported_and_imported(make_client: Callable[..., PortainerClient]) -> None:
    fake = FakePortainer()
    client = make_client(fake.upstream, password_config())
    await integration.test_connection(client)
    assert client.session.export() == b"jwt-1"
    client.session.adopt(b"jwt-9")
    assert client.default_headers() == {"Authorization": "Bearer jwt-9"}


# --- failures -----------------------------------------------------------------------------------


async def test_wrong_access_token_is_unauthorized(
    make_client: Callable[..., PortainerClient],
) -> None:
    fake = FakePortainer()
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(fake.upstream, key_config("ptr_wrong")))
    err = caught.value
    assert err.code is ErrorCode.UNAUTHORIZED
    assert (err.status, err.url) == (401, f"{BASE}/api/endpoints")
    assert "access token" in err.message
    assert_no_secret(err, "ptr_wrong")


async def test_wrong_password_is_unauthorized(make_client: Callable[..., PortainerClient]) -> None:
    fake = FakePortainer()
    client = make_client(fake.upstream, password_config("wrong-password"))
    for _ in range(2):
        with pytest.raises(IntegrationError) as caught:
            await integration.test_connection(client)
        assert caught.value.code is ErrorCode.UNAUTHORIZED
        assert caught.value.status == 422
        assert_no_secret(caught.value, "wrong-password")
    assert fake.logins == 1  # not retried at every refresh: Portainer bans busy addresses
    assert fake.upstream.calls[ENDPOINTS] == 0


async def test_banned_address_is_forbidden(make_client: Callable[..., PortainerClient]) -> None:
    fake = FakePortainer()
    fake.upstream.route(*AUTH, "auth_banned")
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(fake.upstream, password_config()))
    assert caught.value.code is ErrorCode.FORBIDDEN
    assert caught.value.status == 403
    assert_no_secret(caught.value)


@pytest.mark.parametrize("name", ["not_that_service", "other_json"])
async def test_not_portainer_is_invalid_response(
    make_client: Callable[..., PortainerClient], name: str
) -> None:
    fake = FakePortainer({SYSTEM_STATUS: name})
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(fake.upstream))
    assert caught.value.code is ErrorCode.INVALID_RESPONSE
    assert_no_secret(caught.value)


async def test_no_api_at_url_is_not_found(make_client: Callable[..., PortainerClient]) -> None:
    upstream = FakeUpstream(ID, {})
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(upstream))
    assert caught.value.code is ErrorCode.NOT_FOUND
    assert upstream.calls[SYSTEM_STATUS] == upstream.calls[LEGACY_STATUS] == 1


async def test_server_error_is_upstream_error(make_client: Callable[..., PortainerClient]) -> None:
    fake = FakePortainer(
        {
            ENDPOINTS: httpx.Response(
                500,
                json={
                    "message": "Unable to retrieve environments from the database",
                    "details": "boom",
                },
            )
        }
    )
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(make_client(fake.upstream), "containers")
    assert caught.value.code is ErrorCode.UPSTREAM_ERROR
    assert caught.value.status == 500
    assert_no_secret(caught.value)


# --- actions ------------------------------------------------------------------------------------

CONTAINER = "c2ada9df5af8"  # the container id of the transcribed answers
COMMANDS = ("start", "stop", "restart")


def docker(command: str, container: str = CONTAINER, endpoint: int = 1) -> tuple[str, str]:
    return ("POST", f"/api/endpoints/{endpoint}/docker/containers/{container}/{command}")


def guarded(fake: FakePortainer, key: tuple[str, str], answer: str) -> None:
    """Route ``key`` to ``answer`` behind Portainer's token check, like its real routes."""
    fake.upstream.route(*key, answer)
    fake.upstream.open_routes = fake.upstream.open_routes - {key}


async def act(
    client: PortainerClient, action_id: str, container: str = CONTAINER, endpoint: int = 1
) -> ActionResult:
    spec = integration.actions[action_id]
    value = spec.input.model_validate({"endpointId": endpoint, "container": container})
    return await integration.run_action(client, action_id, value)


async def act_error(client: PortainerClient, action_id: str, **target: Any) -> IntegrationError:
    with pytest.raises(IntegrationError) as caught:
        await act(client, action_id, **target)
    return caught.value


def test_actions_declared() -> None:
    actions = integration.actions
    assert sorted(actions) == sorted(COMMANDS)
    assert [a for a in COMMANDS if actions[a].destructive] == ["stop", "restart"]
    for spec in actions.values():
        assert spec.affects == ("containers",)
    assert [f.name for f in actions["stop"].form()] == ["endpointId", "container"]


@pytest.mark.parametrize(
    ("command", "message"),
    [("start", "Started"), ("stop", "Stopped"), ("restart", "Restarted")],
)
async def test_container_command(
    make_client: Callable[..., PortainerClient], command: str, message: str
) -> None:
    recorded = fixture(ID, f"container_{command}")
    assert recorded["response"]["status"] == 204
    fake = FakePortainer()
    guarded(fake, docker(command), f"container_{command}")
    result = await act(make_client(fake.upstream), command)

    assert result == ActionResult(
        message=f"{message} container {CONTAINER} in environment 1", affected=1
    )
    (request,) = fake.upstream.requests
    assert (request.method, request.url.path) == docker(command)
    assert request.url.path == recorded["request"]["path"]
    assert request.content == b""
    assert request.headers["x-api-key"] == API_KEY


@pytest.mark.parametrize(("command", "state"), [("start", "running"), ("stop", "stopped")])
async def test_nothing_to_do_is_a_success_that_says_so(
    make_client: Callable[..., PortainerClient], command: str, state: str
) -> None:
    assert fixture(ID, f"container_{command}_unchanged")["response"]["status"] == 304
    fake = FakePortainer()
    guarded(fake, docker(command), f"container_{command}_unchanged")
    result = await act(make_client(fake.upstream), command)
    assert result == ActionResult(
        message=f"Nothing changed: container {CONTAINER} in environment 1 is already {state}",
        affected=0,
    )


async def test_command_with_a_password_sends_the_jwt(
    make_client: Callable[..., PortainerClient],
) -> None:
    fake = FakePortainer()
    guarded(fake, docker("restart"), "container_restart")
    await act(make_client(fake.upstream, password_config()), "restart")
    login, post = fake.upstream.requests
    assert (login.method, login.url.path) == AUTH
    assert post.headers["authorization"] == "Bearer jwt-1"


async def test_expired_jwt_is_renewed_once(make_client: Callable[..., PortainerClient]) -> None:
    fake = FakePortainer()
    guarded(fake, docker("start"), "container_start")
    client = make_client(fake.upstream, password_config())
    await integration.fetch_data(client, "containers")
    fake.restart()
    await act(client, "start")
    posts = [r for r in fake.upstream.requests if r.method == "POST" and r.url.path != AUTH[1]]
    assert [r.headers["authorization"] for r in posts] == ["Bearer jwt-1", "Bearer jwt-2"]
    assert fake.logins == 2


async def test_unknown_container_is_not_found(make_client: Callable[..., PortainerClient]) -> None:
    fake = FakePortainer()
    guarded(fake, docker("start", "nosuchcontainer"), "container_not_found")
    err = await act_error(make_client(fake.upstream), "start", container="nosuchcontainer")
    assert err.code is ErrorCode.NOT_FOUND
    assert err.message == (
        "Portainer could not find container nosuchcontainer in environment 1: "
        "No such container: nosuchcontainer"
    )


async def test_unknown_environment_is_not_found(
    make_client: Callable[..., PortainerClient],
) -> None:
    fake = FakePortainer()
    guarded(fake, docker("start", endpoint=99), "environment_not_found")
    err = await act_error(make_client(fake.upstream), "start", endpoint=99)
    assert err.code is ErrorCode.NOT_FOUND
    assert "Unable to find an environment" in err.message


async def test_access_denied_is_forbidden(make_client: Callable[..., PortainerClient]) -> None:
    fake = FakePortainer()
    guarded(fake, docker("stop"), "container_access_denied")
    err = await act_error(make_client(fake.upstream), "stop")
    assert err.code is ErrorCode.FORBIDDEN
    assert err.message.startswith(
        f"Portainer does not let this user stop container {CONTAINER} in environment 1"
    )
    assert "(Access denied to resource)" in err.message
    assert "environments list" not in err.message  # the read hint does not apply


async def test_docker_failure_quotes_docker(make_client: Callable[..., PortainerClient]) -> None:
    fake = FakePortainer()
    guarded(fake, docker("restart"), "container_restart_failed")
    err = await act_error(make_client(fake.upstream), "restart")
    assert err.code is ErrorCode.UPSTREAM_ERROR
    assert err.status == 500
    assert err.message.endswith(": Something went wrong.")


async def test_wrong_token_is_unauthorized(make_client: Callable[..., PortainerClient]) -> None:
    fake = FakePortainer()
    guarded(fake, docker("start"), "container_start")
    err = await act_error(make_client(fake.upstream, key_config("ptr_wrong")), "start")
    assert err.code is ErrorCode.UNAUTHORIZED
    assert err.message == "Portainer rejected the access token (My account > Access tokens)"
    assert_no_secret(err, "ptr_wrong")


@pytest.mark.parametrize(
    "target",
    [
        {"endpointId": 1, "container": "../../api/users"},
        {"endpointId": 1, "container": "a/b"},
        {"endpointId": 1, "container": "http://x"},
        {"endpointId": 1, "container": ""},
        {"endpointId": 0, "container": CONTAINER},
        {"endpointId": "1", "container": CONTAINER},
    ],
)
def test_container_input_is_restricted(target: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        integration.actions["start"].input.model_validate(target)
