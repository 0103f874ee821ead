"""Docker integration against fixtures transcribed from the Docker Engine API v1.41 reference
(Docker's shapes: health in the status text, precpu_stats sent along) and recorded from Podman
4.3.1's Docker-compatible API (no health in the status text, one-shot stats without a
previous sample, an empty body for a stopped container's stats)."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any

import httpx
import pytest
from pydantic import ValidationError

from integrations.actions import ActionResult
from integrations.capabilities import ContainerEngine, ContainerHealth, ContainerList
from integrations.config import problems
from integrations.docker import definition, integration
from integrations.docker.client import DockerClient
from integrations.errors import ErrorCode, IntegrationError
from tests.integrations.upstream import (
    Clients,
    FakeUpstream,
    fixture,
    fixture_body,
    response_of,
)

ID = "docker"
BASE = "http://docker.test:2375"
PING = ("GET", "/_ping")
VERSION = ("GET", "/version")
INFO = ("GET", "/info")
LIST = ("GET", "/containers/json")
NAMES = ("web", "db", "cache", "worker", "backup", "paused")

MakeClient = Callable[..., DockerClient]
body = partial(fixture_body, ID)


def config(url: str = BASE, **extra: Any) -> dict[str, Any]:
    return {"url": url, "extra": extra} if extra else {"url": url}


def ids() -> dict[str, str]:
    return {name: body(f"inspect_{name}")["Id"] for name in NAMES}


def started_ago(name: str, seconds: int) -> Callable[[httpx.Request], httpx.Response]:
    """The inspect fixture of ``name`` with StartedAt ``seconds`` before now."""

    def answer(request: httpx.Request) -> httpx.Response:
        data = copy.deepcopy(fixture(ID, f"inspect_{name}"))
        when = datetime.now(UTC) - timedelta(seconds=seconds)
        data["response"]["body"]["State"]["StartedAt"] = when.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        return response_of(data)

    return answer


def docker_engine() -> FakeUpstream:
    """The Docker-shaped answers: six containers, four of them running."""
    table: dict[tuple[str, str], Any] = {
        PING: "ping",
        VERSION: "version",
        INFO: "info",
        LIST: "containers",
    }
    for name, cid in ids().items():
        table[("GET", f"/containers/{cid}/json")] = started_ago(name, 7200)
        if name in ("web", "db", "cache", "worker"):
            table[("GET", f"/containers/{cid}/stats")] = f"stats_{name}"
    return FakeUpstream(ID, table)


PODMAN_IDS = {
    name: fixture_body(ID, f"inspect_podman_{name}")["Id"]
    for name in ("healthy", "exited", "running")
}


class PodmanStats:
    """Podman's one-shot stats: the recorded sample, its CPU counters advancing by
    ``cpu_step`` of the container's and ``system_step`` of the host's at every call."""

    def __init__(self, cpu_step: int = 250_000_000, system_step: int = 1_000_000_000) -> None:
        self.calls = 0
        self.cpu_step = cpu_step
        self.system_step = system_step

    def __call__(self, request: httpx.Request) -> httpx.Response:
        data = copy.deepcopy(fixture(ID, "stats_podman"))
        cpu = data["response"]["body"]["cpu_stats"]
        cpu["cpu_usage"]["total_usage"] += self.calls * self.cpu_step
        cpu["system_cpu_usage"] += self.calls * self.system_step
        self.calls += 1
        return response_of(data)


def podman_engine(stats: PodmanStats) -> FakeUpstream:
    table: dict[tuple[str, str], Any] = {
        PING: "ping",
        VERSION: "version_podman",
        INFO: "info_podman",
        LIST: "containers_podman",
    }
    for name, cid in PODMAN_IDS.items():
        table[("GET", f"/containers/{cid}/json")] = f"inspect_podman_{name}"
    table[("GET", f"/containers/{PODMAN_IDS['running']}/stats")] = stats
    table[("GET", f"/containers/{PODMAN_IDS['healthy']}/stats")] = stats
    return FakeUpstream(ID, table)


@pytest.fixture
def no_gap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(definition, "SAMPLE_GAP_S", 0.0)


# --- the connection test -----------------------------------------------------------------


async def test_connection_pings_and_names_docker(make_client: MakeClient) -> None:
    upstream = docker_engine()
    info = await integration.test_connection(make_client(upstream))
    assert info.version == "20.10.24"
    assert info.details == {"engine": "Docker", "apiVersion": "1.41", "os": "linux/amd64"}
    assert upstream.calls[PING] == upstream.calls[VERSION] == 1


async def test_connection_names_podman(make_client: MakeClient) -> None:
    info = await integration.test_connection(make_client(podman_engine(PodmanStats())))
    assert info.version == "4.3.1"
    assert info.details["engine"] == "Podman"


async def test_a_web_page_is_not_an_engine(make_client: MakeClient) -> None:
    upstream = docker_engine()
    upstream.route(*VERSION, httpx.Response(200, html="<html><body>router</body></html>"))
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(upstream))
    assert caught.value.code is ErrorCode.INVALID_RESPONSE


# --- containers ---------------------------------------------------------------------------


async def test_containers_docker_shaped(make_client: MakeClient) -> None:
    upstream = docker_engine()
    payload = await integration.fetch_data(make_client(upstream), "containers")
    assert isinstance(payload, ContainerList)
    rows = {c.name: c for c in payload.containers}
    assert [c.name for c in payload.containers] == sorted(NAMES)
    assert (payload.total, payload.running, payload.stopped) == (6, 4, 1)
    assert (payload.healthy, payload.unhealthy, payload.truncated) == (1, 1, False)

    web = rows["web"]
    assert web.id == "8dfafdbc3a40"
    assert (web.image, web.state, web.status) == ("nginx:1.25", "running", "Up 2 hours (healthy)")
    assert web.health is ContainerHealth.HEALTHY
    assert web.uptime_seconds is not None and 7199 <= web.uptime_seconds <= 7260
    assert web.started_at is not None and web.finished_at is None and web.exit_code is None
    assert [(p.private_port, p.public_port, p.protocol, p.ip) for p in web.ports] == [
        (80, 8080, "tcp", "0.0.0.0"),
        (80, 8080, "tcp", "::"),
        (443, None, "tcp", None),
    ]
    assert [(label.name, label.value) for label in web.labels] == [
        ("com.docker.compose.project", "media"),
        ("com.docker.compose.service", "web"),
        ("com.example.vendor", "Acme"),
    ]
    # the reference's example stats: precpu_stats sent along, cgroup v1 counters
    stats = body("stats_web")
    used = stats["cpu_stats"]["cpu_usage"]["total_usage"] - 100093996
    system = stats["cpu_stats"]["system_cpu_usage"] - 9492140000000
    assert web.cpu_percent == round(used / system * 4 * 100, 2)
    assert (web.memory_used, web.memory_limit) == (6537216, 67108864)
    assert web.memory_percent == round(6537216 / 67108864 * 100, 2) == 9.74

    db = rows["db"]
    assert (db.health, db.restart_count) == (ContainerHealth.UNHEALTHY, 2)
    assert db.cpu_percent == 200.0  # 2 s of CPU time over 1 s of 4 CPUs
    assert (db.memory_used, db.memory_percent) == (335544320 - 67108864, 25.0)  # inactive_file
    assert rows["cache"].health is ContainerHealth.STARTING
    assert rows["cache"].cpu_percent == 0.0
    assert rows["cache"].memory_used == 9437184 - 1048576
    worker = rows["worker"]
    assert (worker.health, worker.cpu_percent, worker.memory_used) == (
        ContainerHealth.NONE,
        25.0,
        4194304,
    )

    backup = rows["backup"]
    assert (backup.state, backup.exit_code, backup.health) == ("exited", 1, ContainerHealth.NONE)
    assert backup.uptime_seconds is None and backup.cpu_percent is None
    assert backup.finished_at == datetime(2026, 11, 20, 9, 0, 0, 987654, tzinfo=UTC)
    paused = rows["paused"]
    assert (paused.state, paused.cpu_percent, paused.exit_code) == ("paused", None, None)

    (listing,) = [r for r in upstream.requests if r.url.path == LIST[1]]
    assert dict(listing.url.params) == {"all": "1"}
    stats_requests = [r for r in upstream.requests if r.url.path.endswith("/stats")]
    assert len(stats_requests) == 4  # precpu_stats came along: no second sample
    assert all(
        dict(r.url.params) == {"stream": "false", "one-shot": "true"} for r in stats_requests
    )


def test_health_from_the_status_text_without_inspect() -> None:
    from integrations.docker.models import ContainerSummary

    summaries = [ContainerSummary.model_validate(c) for c in body("containers")]
    health = {definition.name_of(c): definition.health_of(c, None) for c in summaries}
    assert health == {
        "web": ContainerHealth.HEALTHY,
        "db": ContainerHealth.UNHEALTHY,
        "cache": ContainerHealth.STARTING,
        "worker": ContainerHealth.NONE,
        "backup": ContainerHealth.NONE,
        "paused": ContainerHealth.NONE,
    }
    # API 1.51 and later put it in the list too
    newer = ContainerSummary.model_validate(
        {**body("containers")[3], "Health": {"Status": "healthy", "FailingStreak": 0}}
    )
    assert definition.health_of(newer, None) is ContainerHealth.HEALTHY


async def test_containers_podman_shaped_take_two_samples(
    make_client: MakeClient, no_gap: None
) -> None:
    stats = PodmanStats()
    upstream = podman_engine(stats)
    client = make_client(upstream)
    payload = await integration.fetch_data(client, "containers")
    assert isinstance(payload, ContainerList)
    rows = {c.name: c for c in payload.containers}
    assert [c.name for c in payload.containers] == ["tw-exited", "tw-healthy", "tw-running"]
    # health from inspect: Podman's status text has none
    assert rows["tw-healthy"].status == "Up 5 seconds"
    assert rows["tw-healthy"].health is ContainerHealth.HEALTHY
    assert rows["tw-running"].health is ContainerHealth.NONE  # Health.Status ""
    assert (rows["tw-exited"].exit_code, rows["tw-exited"].cpu_percent) == (3, None)
    # precpu_stats empty: each running container sampled twice, 0.25 s of 1 s of 2 CPUs
    assert stats.calls == 4
    cpus = sorted(r.cpu_percent for r in rows.values() if r.cpu_percent is not None)
    assert cpus == [50.0, 50.0]
    assert rows["tw-running"].memory_used == 851968
    assert rows["tw-running"].started_at == datetime(2026, 12, 6, 1, 25, 6, 709293, tzinfo=UTC)

    # the next fetch measures against the samples kept from this one: one call each
    again = await integration.fetch_data(client, "containers")
    assert stats.calls == 6
    assert isinstance(again, ContainerList)
    assert [r.cpu_percent for r in again.containers if r.state == "running"] == [50.0, 50.0]


async def test_a_kept_sample_expires(
    make_client: MakeClient, no_gap: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    stats = PodmanStats()
    client = make_client(podman_engine(stats))
    await integration.fetch_data(client, "containers")
    monkeypatch.setattr("integrations.docker.client.SAMPLE_MAX_AGE_S", -1.0)
    await integration.fetch_data(client, "containers")
    assert stats.calls == 8  # two samples again


async def test_a_container_stopped_since_the_list_has_no_resources(
    make_client: MakeClient, no_gap: None
) -> None:
    upstream = podman_engine(PodmanStats())
    running = PODMAN_IDS["running"]
    upstream.route("GET", f"/containers/{running}/stats", "stats_stopped_podman")
    upstream.route("GET", f"/containers/{PODMAN_IDS['healthy']}/json", "container_not_found")
    payload = await integration.fetch_data(make_client(upstream), "containers")
    assert isinstance(payload, ContainerList)
    rows = {c.name: c for c in payload.containers}
    assert (rows["tw-running"].cpu_percent, rows["tw-running"].memory_used) == (None, None)
    # gone since listed (404 on inspect): listed without its details
    assert rows["tw-healthy"].restart_count == 0 and rows["tw-healthy"].started_at is None


async def test_filters(make_client: MakeClient) -> None:
    upstream = docker_engine()
    client = make_client(
        upstream,
        labels="com.docker.compose.project=media, com.docker.compose.service",
        namePattern="[bcw]*",
        all=False,
    )
    payload = await integration.fetch_data(client, "containers")
    assert isinstance(payload, ContainerList)
    (listing,) = [r for r in upstream.requests if r.url.path == LIST[1]]
    assert listing.url.params["all"] == "0"
    assert json.loads(listing.url.params["filters"]) == {
        "label": ["com.docker.compose.project=media", "com.docker.compose.service"]
    }
    # the fake ignores the label filter; the name glob is Tilewire's own
    assert [c.name for c in payload.containers] == ["backup", "cache", "web", "worker"]
    assert payload.total == 4


@pytest.mark.parametrize(
    ("settings", "field", "words"),
    [
        ({"labels": "a=b, bad label!"}, "extra.labels", "not a label filter"),
        ({"labels": ",".join(f"k{i}" for i in range(11))}, "extra.labels", "at most 10"),
        ({"namePattern": "web/../x"}, "extra.namePattern", "name glob"),
        ({"namePattern": "x" * 129}, "extra.namePattern", "at most 128"),
        ({"all": "yes"}, "extra.all", "boolean"),
    ],
)
def test_bad_settings_name_the_field(settings: dict[str, Any], field: str, words: str) -> None:
    with pytest.raises(ValidationError) as caught:
        integration.config_model.model_validate(config(**settings))
    found = problems(caught.value)
    assert [p.field for p in found] == [field]
    assert words in found[0].message


def test_settings_are_normalised() -> None:
    parsed = integration.config_model.model_validate(config(labels=" a=b,,c  a=b "))
    assert isinstance(parsed.extra, definition.DockerSettings)
    assert parsed.extra.label_filters == ["a=b", "c"]


async def test_the_list_is_bounded(make_client: MakeClient, no_gap: None) -> None:
    many = 230
    template = body("containers_podman")[2]
    listed = [
        {**template, "Id": f"{i:064x}", "Names": [f"/c{i:03d}"], "State": "running"}
        for i in range(many)
    ]
    stats = PodmanStats()
    routes: dict[tuple[str, str], Any] = {LIST: listed}
    for item in listed:
        routes[("GET", f"/containers/{item['Id']}/json")] = "inspect_podman_running"
        routes[("GET", f"/containers/{item['Id']}/stats")] = stats
    upstream = FakeUpstream(ID, routes)
    payload = await integration.fetch_data(make_client(upstream), "containers")
    assert isinstance(payload, ContainerList)
    assert (len(payload.containers), payload.total, payload.truncated) == (200, many, True)
    assert payload.running == many
    inspected = [r for r in upstream.requests if r.url.path.endswith("/json")]
    assert len(inspected) == 1 + 200  # the list, then the containers shown
    assert stats.calls == 2 * definition.MAX_STATS
    with_cpu = [c for c in payload.containers if c.cpu_percent is not None]
    assert [c.name for c in with_cpu] == [f"c{i:03d}" for i in range(definition.MAX_STATS)]


async def test_labels_and_ports_are_bounded(make_client: MakeClient) -> None:
    item = {
        **body("containers_podman")[1],
        "Labels": {f"label{i:02d}": "v" * 1000 for i in range(40)},
        "Ports": [{"PrivatePort": 1000 + i, "Type": "udp"} for i in range(40)],
    }
    upstream = FakeUpstream(
        ID,
        {
            LIST: [item],
            ("GET", f"/containers/{item['Id']}/json"): "inspect_podman_exited",
        },
    )
    payload = await integration.fetch_data(make_client(upstream), "containers")
    assert isinstance(payload, ContainerList)
    (row,) = payload.containers
    assert len(row.labels) == 32 and len(row.ports) == 32
    assert {len(label.value) for label in row.labels} == {256}


# --- engine -------------------------------------------------------------------------------


async def test_engine_docker(make_client: MakeClient) -> None:
    payload = await integration.fetch_data(make_client(docker_engine()), "engine")
    assert payload == ContainerEngine(
        engine="Docker",
        version="20.10.24",
        api_version="1.41",
        os="linux",
        arch="amd64",
        operating_system="Alpine Linux v3.5",
        kernel_version="4.9.38-moby",
        cpus=4,
        memory_total=2095882240,
        containers=14,
        running=3,
        paused=1,
        stopped=10,
        images=508,
    )


async def test_engine_podman(make_client: MakeClient) -> None:
    payload = await integration.fetch_data(make_client(podman_engine(PodmanStats())), "engine")
    assert isinstance(payload, ContainerEngine)
    assert (payload.engine, payload.version, payload.containers, payload.running) == (
        "Podman",
        "4.3.1",
        4,
        3,
    )
    assert (payload.stopped, payload.images, payload.cpus) == (1, 3, 2)


# --- actions ------------------------------------------------------------------------------


async def act(client: DockerClient, action_id: str, container: str = "web") -> ActionResult:
    spec = integration.actions[action_id]
    return await integration.run_action(
        client, action_id, spec.input.model_validate({"id": container})
    )


def test_actions_declared() -> None:
    actions = integration.actions
    assert sorted(actions) == ["restart", "start", "stop"]
    assert [a for a in ("start", "stop", "restart") if actions[a].destructive] == [
        "stop",
        "restart",
    ]
    assert all(a.affects == ("containers",) for a in actions.values())
    assert [f.name for f in actions["stop"].form()] == ["id"]


@pytest.mark.parametrize(
    ("command", "message", "params"),
    [
        ("start", "Started", {}),
        ("stop", "Stopped", {"t": "8"}),
        ("restart", "Restarted", {"t": "8"}),
    ],
)
async def test_container_command(
    make_client: MakeClient, command: str, message: str, params: dict[str, str]
) -> None:
    recorded = fixture(ID, command)
    assert recorded["response"]["status"] == 204
    upstream = FakeUpstream(ID, {("POST", f"/containers/web/{command}"): command})
    result = await act(make_client(upstream), command)
    assert result == ActionResult(message=f"{message} container web", affected=1)
    (request,) = upstream.requests
    assert request.url.path == recorded["request"]["path"]
    assert dict(request.url.params) == params  # the grace period leaves the timeout 2 s
    assert request.content == b""


async def test_stop_grace_follows_a_short_timeout(clients: Clients) -> None:
    upstream = FakeUpstream(ID, {("POST", "/containers/web/stop"): "stop"})
    client = clients({"url": BASE, "timeout": 2.5}, upstream)
    assert isinstance(client, DockerClient)
    await act(client, "stop")
    assert upstream.requests[0].url.params["t"] == "1"


@pytest.mark.parametrize(("command", "state"), [("start", "running"), ("stop", "stopped")])
async def test_nothing_to_do_is_a_success_that_says_so(
    make_client: MakeClient, command: str, state: str
) -> None:
    name = f"{command}_unchanged"
    assert fixture(ID, name)["response"]["status"] == 304
    upstream = FakeUpstream(ID, {("POST", f"/containers/web/{command}"): name})
    result = await act(make_client(upstream), command)
    assert result == ActionResult(
        message=f"Nothing changed: container web is already {state}", affected=0
    )


@pytest.mark.parametrize(
    ("recorded", "words"),
    [
        ("container_not_found", "No such container: nope"),
        ("container_not_found_podman", 'no container with name or ID "nope" found'),
    ],
)
async def test_unknown_container_is_not_found(
    make_client: MakeClient, recorded: str, words: str
) -> None:
    upstream = FakeUpstream(ID, {("POST", "/containers/nope/start"): recorded})
    with pytest.raises(IntegrationError) as caught:
        await act(make_client(upstream), "start", "nope")
    assert caught.value.code is ErrorCode.NOT_FOUND
    assert caught.value.status == 404
    assert caught.value.message.startswith("the engine has no container nope")
    assert words in caught.value.message


async def test_an_engine_failure_says_what_the_engine_said(make_client: MakeClient) -> None:
    upstream = FakeUpstream(ID, {("POST", "/containers/web/start"): "server_error"})
    with pytest.raises(IntegrationError) as caught:
        await act(make_client(upstream), "start")
    assert caught.value.code is ErrorCode.UPSTREAM_ERROR
    assert "OCI runtime create failed" in caught.value.message


@pytest.mark.parametrize("container", ["../images/json", "a/b", "", "x" * 129])
def test_a_container_id_cannot_leave_the_api_path(container: str) -> None:
    with pytest.raises(ValidationError):
        integration.actions["start"].input.model_validate({"id": container})
