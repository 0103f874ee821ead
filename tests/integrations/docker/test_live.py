"""Docker integration against a real engine: Podman 4.3.1's Docker-compatible API on a unix
socket (tests/live/services/engine), with real containers, each answer compared with what the
engine's own API says."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from integrations.capabilities import ContainerEngine, ContainerHealth, ContainerList
from integrations.docker import integration
from integrations.docker.client import DockerClient
from tests.live.actions import create_app, run_action, succeed
from tests.live.graphql import check_through_graphql, run_test
from tests.live.services import ServiceInfo, ensure_service
from tests.live.specs.engine import EXPECTED, engine_async_client
from tests.support.api import Api

pytestmark = pytest.mark.live

LIVE_SERVICES = ("engine",)
"""The real services this module needs, started in the background at the session's start."""

API = "/v1.41"
ACTIONS = ["start", "stop", "restart"]


@pytest.fixture(scope="module")
def svc() -> ServiceInfo:
    return ensure_service("engine")


def settings(svc: ServiceInfo, **extra: Any) -> dict[str, Any]:
    return {"url": svc.url, "extra": extra} if extra else {"url": svc.url}


@pytest.fixture
async def client(svc: ServiceInfo) -> AsyncIterator[DockerClient]:
    made = integration.create_client(integration.config_model.model_validate(settings(svc)))
    assert isinstance(made, DockerClient)
    yield made
    await made.aclose()


@pytest.fixture
async def raw(svc: ServiceInfo) -> AsyncIterator[httpx.AsyncClient]:
    """The engine's own answers, fetched without Tilewire."""
    async with engine_async_client() as http:
        yield http


async def raw_json(raw: httpx.AsyncClient, path: str, **params: str) -> Any:
    response = await raw.get(API + path, params=params)
    response.raise_for_status()
    return response.json()


async def state_of(raw: httpx.AsyncClient, name: str) -> dict[str, Any]:
    state: dict[str, Any] = (await raw_json(raw, f"/containers/{name}/json"))["State"]
    return state


@pytest.fixture
async def put_back(raw: httpx.AsyncClient) -> AsyncIterator[None]:
    """tw-running running again after the test, whatever it did."""
    yield
    if (await state_of(raw, "tw-running"))["Status"] != "running":
        (await raw.post(f"{API}/containers/tw-running/start")).raise_for_status()


async def test_through_graphql(api: Api, svc: ServiceInfo) -> None:
    payloads = await check_through_graphql(api, "docker", settings(svc), version=svc.version)
    listed = {c["name"]: c for c in payloads["containers"]["containers"]}
    assert {name: listed[name]["state"] for name in EXPECTED} == {
        name: state for name, (state, _) in EXPECTED.items()
    }
    assert listed["tw-healthy"]["health"] == "healthy"
    assert listed["tw-unhealthy"]["health"] == "unhealthy"
    assert payloads["engine"]["engine"] == "Podman"


async def test_a_socket_url_is_refused_by_other_integrations(api: Api, svc: ServiceInfo) -> None:
    result = await run_test(api, "prometheus", {"url": svc.url})
    assert result["__typename"] == "ValidationErrors", result
    assert [e["field"] for e in result["errors"]] == ["url"]
    assert "unix:// socket URL" in result["errors"][0]["message"]


async def test_a_missing_socket_through_graphql(api: Api, svc: ServiceInfo) -> None:
    gone = svc.url.rsplit("/", 1)[0] + "/no-such.sock"
    result = await run_test(api, "docker", {"url": gone})
    assert result["__typename"] == "TestConnectionFailure", result
    assert result["error"]["code"] == "CONNECTION_REFUSED"
    assert "there is no socket at" in result["error"]["message"]


async def test_connection_names_the_engine(
    svc: ServiceInfo, client: DockerClient, raw: httpx.AsyncClient
) -> None:
    info = await integration.test_connection(client)
    version = (await raw.get("/version")).json()
    assert info.version == svc.version == version["Version"] == "4.3.1"
    assert info.details == {
        "engine": "Podman",
        "apiVersion": version["ApiVersion"],
        "os": f"{version['Os']}/{version['Arch']}",
    }


async def test_containers_match_the_engine(client: DockerClient, raw: httpx.AsyncClient) -> None:
    listed = await raw_json(raw, "/containers/json", all="1")
    payload = await integration.fetch_data(client, "containers")
    assert isinstance(payload, ContainerList)
    assert payload.total == len(listed)
    assert payload.running == sum(c["State"] == "running" for c in listed)
    assert payload.stopped == sum(c["State"] in ("exited", "created") for c in listed)
    assert [c.name for c in payload.containers] == sorted(c["Names"][0][1:] for c in listed)
    rows = {c.name: c for c in payload.containers}
    images = {c["Names"][0][1:]: c["Image"] for c in listed}
    now = datetime.now(UTC)
    for name, (state, health) in EXPECTED.items():
        row = rows[name]
        inspect = await raw_json(raw, f"/containers/{name}/json")
        assert row.id == inspect["Id"][:12]
        assert (row.state, row.health) == (state, ContainerHealth(health or "none"))
        assert row.image == images[name]
        assert row.restart_count == inspect["RestartCount"]
        assert ("tw.test", "1") in [(label.name, label.value) for label in row.labels]
        if state == "running":
            assert row.started_at is not None and row.uptime_seconds is not None
            assert abs((now - row.started_at).total_seconds() - row.uptime_seconds) < 5
            # CPU and memory of a running container, against the engine's own sample
            assert row.cpu_percent is not None and 0 <= row.cpu_percent <= 200
            sample = await raw_json(raw, f"/containers/{name}/stats", stream="false")
            assert row.memory_limit == sample["memory_stats"]["limit"]
            assert row.memory_used is not None and row.memory_used > 0
            assert row.memory_used < 10 * sample["memory_stats"]["usage"] + 10_000_000
            assert row.exit_code is None
        else:
            assert (row.cpu_percent, row.memory_used, row.uptime_seconds) == (None, None, None)
            assert row.exit_code == inspect["State"]["ExitCode"] == 3
            assert row.finished_at is not None
    assert payload.healthy >= 1 and payload.unhealthy >= 1


async def test_filters(svc: ServiceInfo, raw: httpx.AsyncClient) -> None:
    async def names(**extra: Any) -> list[str]:
        made = integration.create_client(
            integration.config_model.model_validate(settings(svc, **extra))
        )
        try:
            payload = await integration.fetch_data(made, "containers")
        finally:
            await made.aclose()
        assert isinstance(payload, ContainerList)
        return [c.name for c in payload.containers]

    tw = sorted(EXPECTED)
    assert await names(labels="tw.test=1") == tw
    assert await names(labels="tw.test") == tw
    assert await names(labels="tw.test=2") == []
    assert await names(labels="tw.test=1, io.buildah.version") == ["tw-healthy", "tw-unhealthy"]
    assert await names(namePattern="tw-*healthy") == ["tw-healthy", "tw-unhealthy"]
    running = await names(all=False, labels="tw.test")
    assert running == [n for n in tw if EXPECTED[n][0] == "running"]


async def test_engine_matches_the_engine(client: DockerClient, raw: httpx.AsyncClient) -> None:
    payload = await integration.fetch_data(client, "engine")
    info = await raw_json(raw, "/info")
    version = (await raw.get("/version")).json()
    assert isinstance(payload, ContainerEngine)
    assert (payload.engine, payload.version, payload.api_version) == (
        "Podman",
        version["Version"],
        version["ApiVersion"],
    )
    assert (payload.os, payload.arch) == (version["Os"], version["Arch"])
    assert (payload.containers, payload.running, payload.paused, payload.stopped) == (
        info["Containers"],
        info["ContainersRunning"],
        info["ContainersPaused"],
        info["ContainersStopped"],
    )
    assert (payload.images, payload.cpus, payload.memory_total) == (
        info["Images"],
        info["NCPU"],
        info["MemTotal"],
    )


async def test_actions_through_graphql(
    api: Api, svc: ServiceInfo, raw: httpx.AsyncClient, put_back: None
) -> None:
    app = await create_app(api, "docker", settings(svc), allowed_actions=ACTIONS)
    target = {"id": "tw-running"}

    def row(data: dict[str, Any]) -> dict[str, Any]:
        found: dict[str, Any] = next(
            c for c in data["containers"]["containers"] if c["name"] == "tw-running"
        )
        return found

    # destructive: refused without confirm, nothing done
    refused = await run_action(api, app, "stop", target)
    assert refused["__typename"] == "ValidationErrors", refused
    assert [e["code"] for e in refused["errors"]] == ["CONFIRMATION_REQUIRED"]
    assert (await state_of(raw, "tw-running"))["Status"] == "running"

    stopped = await succeed(api, app, "stop", target, confirm=True)
    assert row(stopped)["state"] == "exited"
    assert (await state_of(raw, "tw-running"))["Status"] == "exited"
    again = await run_action(api, app, "stop", target, confirm=True)
    assert again["__typename"] == "ActionSuccess", again
    assert again["message"] == "Nothing changed: container tw-running is already stopped"

    started = await succeed(api, app, "start", target)
    assert row(started)["state"] == "running"
    assert (await state_of(raw, "tw-running"))["Status"] == "running"
    again = await run_action(api, app, "start", target)
    assert again["message"] == "Nothing changed: container tw-running is already running"

    before = (await state_of(raw, "tw-running"))["StartedAt"]
    restarted = await succeed(api, app, "restart", target, confirm=True)
    assert row(restarted)["state"] == "running"
    after = await state_of(raw, "tw-running")
    assert after["Status"] == "running" and after["StartedAt"] != before

    unknown = await run_action(api, app, "start", {"id": "tw-nope"})
    assert unknown["__typename"] == "ActionFailure", unknown
    assert unknown["error"]["code"] == "NOT_FOUND"
    assert "no container tw-nope" in unknown["error"]["message"]


async def test_a_stopped_container_has_no_resources(
    client: DockerClient, raw: httpx.AsyncClient, put_back: None
) -> None:
    (await raw.post(f"{API}/containers/tw-running/stop", params={"t": "2"})).raise_for_status()
    # Podman answers a stopped container's stats with an empty body
    empty = await raw.get(f"{API}/containers/tw-running/stats", params={"stream": "false"})
    assert (empty.status_code, empty.content.strip()) == (200, b"")
    assert await client.stats("tw-running") is None
    payload = await integration.fetch_data(client, "containers")
    assert isinstance(payload, ContainerList)
    row = next(c for c in payload.containers if c.name == "tw-running")
    assert (row.state, row.cpu_percent, row.memory_used) == ("exited", None, None)
