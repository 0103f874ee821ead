"""Tdarr integration against fixtures transcribed from the Tdarr API v2 reference (the server's
Swagger document), with the fields it leaves open as Tdarr writes and its plugins read them."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from functools import partial
from typing import Any

import httpx
import pytest

from integrations.errors import ErrorCode
from integrations.tdarr import integration
from integrations.tdarr.client import TdarrClient
from integrations.tdarr.definition import (
    MAX_JOBS,
    MAX_NODES,
    STATISTICS_QUERY,
    TdarrJob,
    TdarrNode,
    TdarrSummary,
    TdarrWorkers,
    TdarrWorkerSlots,
    TdarrWorkerType,
)
from tests.integrations.upstream import (
    FakeUpstream,
    fixture,
    fixture_body,
    refusal,
    response_of,
    secret_check,
)

ID = "tdarr"
API_KEY = "tapi_fixture0key1of2tilewire"
WRONG_KEY = "tapi_not0the0right0key"
BASE = "http://tdarr.test:8265"
STATUS = ("GET", "/api/v2/status")
CRUD = ("POST", "/api/v2/cruddb")
NODES = ("GET", "/api/v2/get-nodes")

MakeClient = Callable[..., TdarrClient]

body = partial(fixture_body, ID)
refused = partial(refusal, ID)
assert_no_secret = secret_check(API_KEY, WRONG_KEY)

T_CPU, T_GPU = TdarrWorkerType.TRANSCODE_CPU, TdarrWorkerType.TRANSCODE_GPU
H_CPU, H_GPU = TdarrWorkerType.HEALTH_CHECK_CPU, TdarrWorkerType.HEALTH_CHECK_GPU


def config(key: str | None = None, url: str = BASE) -> dict[str, Any]:
    credentials = {"type": "apiKey", "apiKey": key} if key else {"type": "none"}
    return {"url": url, "credentials": credentials}


class FakeTdarr:
    """A Tdarr server over the documented answers: the statistics only for the documented
    cruddb query, and with authentication enabled (``key``), 401 without that API key."""

    def __init__(
        self, routes: dict[tuple[str, str], Any] | None = None, key: str | None = None
    ) -> None:
        self.key = key
        api = {STATUS: "status", CRUD: self.statistics("statistics"), NODES: "nodes"}
        self.upstream = FakeUpstream(ID, {**api, **(routes or {})}, refuse=self.refuse)

    @staticmethod
    def statistics(answer: Any) -> Callable[[httpx.Request], httpx.Response]:
        def handle(request: httpx.Request) -> httpx.Response:
            assert json.loads(request.content) == STATISTICS_QUERY
            if isinstance(answer, str):
                return response_of(fixture(ID, answer))
            return httpx.Response(200, json=answer)

        return handle

    def refuse(self, request: httpx.Request) -> httpx.Response | None:
        sent = request.headers.get("x-api-key")
        if self.key is None or sent == self.key:
            return None
        return response_of(fixture(ID, "no_key" if sent is None else "wrong_key"))


def fake(routes: dict[tuple[str, str], Any] | None = None, key: str | None = None) -> FakeUpstream:
    return FakeTdarr(routes, key).upstream


def nodes_with(*workers: dict[str, Any], node: dict[str, Any] | None = None) -> dict[str, Any]:
    """A get-nodes answer of one node shaped like the documented MainNode, with ``workers``."""
    template = copy.deepcopy(body("nodes")["Xk3l9Pq2w"])
    template.update(node or {})
    template["workers"] = {f"w{n}": worker for n, worker in enumerate(workers)}
    return {"Xk3l9Pq2w": template}


def worker(**fields: Any) -> dict[str, Any]:
    return {**body("nodes")["Xk3l9Pq2w"]["workers"]["wT1-cpu"], **fields}


async def summary(client: TdarrClient) -> TdarrSummary:
    payload = await integration.fetch_data(client, "summary")
    assert isinstance(payload, TdarrSummary)
    return payload


async def workers(client: TdarrClient) -> TdarrWorkers:
    payload = await integration.fetch_data(client, "workers")
    assert isinstance(payload, TdarrWorkers)
    return payload


# --- metadata -------------------------------------------------------------------------------


def test_metadata() -> None:
    assert integration.default_port == 8265
    assert [c.model_fields["type"].default for c in integration.credentials] == ["none", "apiKey"]
    assert [(f.name, f.kind.value) for f in integration.form() if f.group != "connection"] == [
        ("credentials.apiKey", "secret"),
    ]
    summary_, workers_ = integration.endpoints["summary"], integration.endpoints["workers"]
    assert (summary_.payload, summary_.ttl, summary_.min_refresh) == (TdarrSummary, 30, 10)
    assert (workers_.payload, workers_.ttl, workers_.min_refresh) == (TdarrWorkers, 10, 5)


# --- the connection test --------------------------------------------------------------------


async def test_connection_says_the_version(make_client: MakeClient) -> None:
    upstream = fake()
    info = await integration.test_connection(make_client(upstream))
    assert info.version == "2.47.01"
    assert info.details == {"status": "good", "os": "linux", "files": "1500"}
    assert upstream.calls == {STATUS: 1, CRUD: 1}
    assert all("x-api-key" not in request.headers for request in upstream.requests)


async def test_connection_with_an_api_key_sends_it(make_client: MakeClient) -> None:
    upstream = fake(key=API_KEY)
    info = await integration.test_connection(make_client(upstream, API_KEY))
    assert info.version == "2.47.01"
    assert [request.headers["x-api-key"] for request in upstream.requests] == [API_KEY] * 2


async def test_connection_proves_the_key_with_the_statistics(make_client: MakeClient) -> None:
    """The status may be open to anyone on a server with authentication; the statistics not."""
    upstream = fake(key=API_KEY)
    upstream.open_routes = frozenset({STATUS})
    err = await refused(make_client(upstream, WRONG_KEY))
    assert (err.code, err.status, err.url) == (ErrorCode.UNAUTHORIZED, 401, f"{BASE}/api/v2/cruddb")


# --- summary ----------------------------------------------------------------------------------


@pytest.mark.parametrize("answer", ["statistics", "statistics_list"])
async def test_summary_counts_the_library_and_the_running_workers(
    make_client: MakeClient, answer: str
) -> None:
    upstream = fake({CRUD: FakeTdarr.statistics(answer)})
    payload = await summary(make_client(upstream))
    assert payload == TdarrSummary(
        files=1500,
        transcodes_queued=10,
        transcodes_processing=2,
        transcodes_succeeded=600,
        transcodes_failed=20,
        health_checks_queued=15,
        health_checks_processing=1,
        health_checks_healthy=1400,
        health_checks_failed=35,
        transcodes_total=850,
        health_checks_total=1400,
        space_saved_bytes=45_750_000_000,
        nodes=2,
        paused_nodes=1,
    )
    assert upstream.calls == {CRUD: 1, NODES: 1}


async def test_summary_of_a_server_without_nodes(make_client: MakeClient) -> None:
    payload = await summary(make_client(fake({NODES: {}})))
    assert (payload.transcodes_processing, payload.health_checks_processing) == (0, 0)
    assert (payload.nodes, payload.paused_nodes) == (0, 0)
    assert payload.transcodes_queued == 10


async def test_summary_reads_counts_written_as_text_and_space_lost(
    make_client: MakeClient,
) -> None:
    """Tdarr 1.x wrote the queue as '12 -Libraries OFF:2,' (server/main.js); a transcode that
    grows files makes sizeDiff negative; a count Tdarr leaves out is 0."""
    stats = {**body("statistics"), "table1Count": "12 -Libraries OFF:2,", "sizeDiff": -1.5}
    stats["table5Count"] = "1401"
    del stats["table6Count"]
    payload = await summary(make_client(fake({CRUD: FakeTdarr.statistics(stats)})))
    assert payload.transcodes_queued == 12
    assert payload.health_checks_healthy == 1401
    assert payload.health_checks_failed == 0
    assert payload.space_saved_bytes == -1_500_000_000


async def test_summary_bounds_numbers_no_tdarr_would_send(make_client: MakeClient) -> None:
    stats = {**body("statistics"), "totalFileCount": 10**400, "table1Count": "9" * 5000}
    stats["sizeDiff"] = float("1e308")
    payload = await summary(make_client(fake({CRUD: FakeTdarr.statistics(stats)})))
    assert payload.files == 10**15
    assert payload.transcodes_queued == 999_999_999_999_999  # the first 15 digits
    assert payload.space_saved_bytes == 10**18  # an exabyte: a 64-bit integer holds it
    stats["sizeDiff"] = -float("1e308")
    payload = await summary(make_client(fake({CRUD: FakeTdarr.statistics(stats)})))
    assert payload.space_saved_bytes == -(10**18)


# --- workers ----------------------------------------------------------------------------------


async def test_workers_by_node_and_type_with_the_running_jobs(make_client: MakeClient) -> None:
    upstream = fake()
    payload = await workers(make_client(upstream))
    assert payload.workers == [
        TdarrWorkerSlots(type=T_CPU, busy=1, limit=2),
        TdarrWorkerSlots(type=T_GPU, busy=1, limit=3),
        TdarrWorkerSlots(type=H_CPU, busy=1, limit=1),
        TdarrWorkerSlots(type=H_GPU, busy=0, limit=1),
    ]
    gpu_box, main = payload.nodes
    assert gpu_box == TdarrNode(
        id="Qz8m1Rt4v",
        name="GpuBox",
        paused=True,
        busy=0,
        workers=[
            TdarrWorkerSlots(type=T_CPU, busy=0, limit=0),
            TdarrWorkerSlots(type=T_GPU, busy=0, limit=2),
            TdarrWorkerSlots(type=H_CPU, busy=0, limit=0),
            TdarrWorkerSlots(type=H_GPU, busy=0, limit=1),
        ],
    )
    assert (main.id, main.name, main.paused, main.busy) == ("Xk3l9Pq2w", "MainNode", False, 3)
    assert [(s.type, s.busy, s.limit) for s in main.workers] == [
        (T_CPU, 1, 2),
        (T_GPU, 1, 1),
        (H_CPU, 1, 1),
        (H_GPU, 0, 0),
    ]
    assert payload.jobs == [
        TdarrJob(
            node="MainNode",
            type=T_CPU,
            file="/media/tv/Show/Season 01/Show S01E01.mkv",
            progress_percent=45.75,
            fps=125,
            eta="0:01:30",
            status="Processing",
            flow=True,
        ),
        TdarrJob(
            node="MainNode",
            type=T_GPU,
            file="/media/movies/Film (2020)/Film (2020).mkv",
            progress_percent=12,
            fps=310.5,
            eta="0:14:02",
            status="Processing",
            flow=True,
        ),
        TdarrJob(
            node="MainNode",
            type=H_CPU,
            file="/media/tv/Show/Season 01/Show S01E02.mkv",
            progress_percent=80,
            fps=None,
            eta=None,
            status="Health check",
            flow=False,
        ),
    ]
    assert (payload.nodes_total, payload.jobs_total) == (2, 3)
    assert upstream.calls == {NODES: 1}


async def test_idle_unknown_and_oddly_written_workers(make_client: MakeClient) -> None:
    answer = nodes_with(
        worker(idle=True, file="/media/waiting.mkv"),
        worker(workerType="TranscodeGPU", percentage="101.5", fps="24", ETA=95, file=None),
        worker(workerType="audiocpu", percentage=-3, status=None, isFlowWorker=None),
        node={"nodeName": "", "workerLimits": {"transcodecpu": "3", "healthcheckgpu": None}},
    )
    payload = await workers(make_client(fake({NODES: answer})))
    (node,) = payload.nodes
    assert node.name == "Xk3l9Pq2w"  # no name: its id
    assert node.busy == 2  # the idle worker waits for a file
    # a limit lowered while a worker runs, a limit left out or null: 0
    assert [(s.type, s.busy, s.limit) for s in node.workers] == [
        (T_CPU, 0, 3),
        (T_GPU, 1, 0),
        (H_CPU, 0, 0),
        (H_GPU, 0, 0),
    ]
    gpu, other = payload.jobs
    assert (gpu.type, gpu.progress_percent, gpu.fps, gpu.eta, gpu.file) == (
        T_GPU,
        100,
        24,
        "95",
        "",
    )
    assert (other.type, other.progress_percent, other.status, other.flow) == (
        TdarrWorkerType.OTHER,
        0,
        None,
        None,
    )
    assert payload.jobs_total == 2
    answer = nodes_with(worker(workerType="audiocpu"))
    assert (await summary(make_client(fake({NODES: answer})))).transcodes_processing == 0


async def test_a_large_farm_lists_the_first_nodes_and_jobs_and_counts_all(
    make_client: MakeClient,
) -> None:
    template = body("nodes")["Xk3l9Pq2w"]
    answer = {
        f"node{n:03}": {
            **template,
            "nodeName": f"Node {n:03}",
            "workers": {
                f"w{m}": worker(file=f"/media/{n:03}/{m}.mkv", workerType="transcodecpu")
                for m in range(2)
            },
        }
        for n in range(MAX_NODES + 10)
    }
    payload = await workers(make_client(fake({NODES: answer})))
    assert payload.nodes_total == MAX_NODES + 10 and len(payload.nodes) == MAX_NODES
    assert [node.name for node in payload.nodes[:2]] == ["Node 000", "Node 001"]
    assert payload.jobs_total == 2 * (MAX_NODES + 10) and len(payload.jobs) == MAX_JOBS
    assert payload.jobs[0].file == "/media/000/0.mkv"
    assert payload.workers[0] == TdarrWorkerSlots(
        type=T_CPU, busy=2 * (MAX_NODES + 10), limit=2 * (MAX_NODES + 10)
    )
    summed = await summary(make_client(fake({NODES: answer})))
    assert (summed.nodes, summed.transcodes_processing) == (MAX_NODES + 10, 2 * (MAX_NODES + 10))


async def test_a_long_path_keeps_its_end(make_client: MakeClient) -> None:
    path = "/media/" + "deep/" * 400 + "Show S01E01.mkv"
    payload = await workers(make_client(fake({NODES: nodes_with(worker(file=path))})))
    (job,) = payload.jobs
    assert len(job.file) == 1000 and job.file.endswith("/Show S01E01.mkv")


# --- authentication -----------------------------------------------------------------------------


@pytest.mark.parametrize("endpoint_id", [None, "summary", "workers"])
async def test_no_key_on_a_server_that_asks_for_one(
    make_client: MakeClient, endpoint_id: str | None
) -> None:
    err = await refused(make_client(fake(key=API_KEY)), endpoint_id)
    assert (err.code, err.status) == (ErrorCode.UNAUTHORIZED, 401)
    assert "asks for an API key" in err.message and "Tools > API Keys" in err.message
    assert_no_secret(err)


@pytest.mark.parametrize("endpoint_id", [None, "summary", "workers"])
async def test_a_wrong_key_is_unauthorized_without_the_key(
    make_client: MakeClient, endpoint_id: str | None
) -> None:
    err = await refused(make_client(fake(key=API_KEY), WRONG_KEY), endpoint_id)
    assert (err.code, err.status) == (ErrorCode.UNAUTHORIZED, 401)
    assert err.message.startswith("Tdarr rejected the API key")
    assert_no_secret(err)


async def test_a_key_without_the_right_is_forbidden(make_client: MakeClient) -> None:
    upstream = fake({NODES: httpx.Response(403, text="Forbidden")}, key=API_KEY)
    err = await refused(make_client(upstream, API_KEY), "workers")
    assert (err.code, err.status) == (ErrorCode.FORBIDDEN, 403)
    assert "not allowed" in err.message
    assert_no_secret(err)


# --- not Tdarr, or not as documented -----------------------------------------------------------


async def test_no_api_at_the_url_is_not_found(make_client: MakeClient) -> None:
    err = await refused(make_client(FakeUpstream(ID, {})))
    assert (err.code, err.status) == (ErrorCode.NOT_FOUND, 404)
    assert err.url in {f"{BASE}/api/v2/status", f"{BASE}/api/v2/cruddb"}


async def test_a_web_page_at_the_url_is_invalid(make_client: MakeClient) -> None:
    err = await refused(make_client(fake({STATUS: "not_that_service"})))
    assert (err.code, err.status) == (ErrorCode.INVALID_RESPONSE, 200)
    assert err.message.startswith("the response is not JSON")


@pytest.mark.parametrize(
    ("route", "answer", "endpoint_id"),
    [
        (STATUS, {"status": "good"}, None),  # no version
        (CRUD, {"error": "no such collection"}, None),
        (CRUD, FakeTdarr.statistics([]), "summary"),
        (CRUD, FakeTdarr.statistics({"totalFileCount": {"n": 1}}), "summary"),
        (NODES, [], "workers"),
        (NODES, {"Xk3l9Pq2w": "online"}, "summary"),
        (NODES, {"Xk3l9Pq2w": {"workers": []}}, "workers"),
    ],
)
async def test_answers_of_another_shape_are_invalid(
    make_client: MakeClient, route: tuple[str, str], answer: Any, endpoint_id: str | None
) -> None:
    err = await refused(make_client(fake({route: answer})), endpoint_id)
    assert (err.code, err.status) == (ErrorCode.INVALID_RESPONSE, 200)
    assert err.url == f"{BASE}{route[1]}"


async def test_a_server_error_is_upstream_error(make_client: MakeClient) -> None:
    upstream = fake({NODES: httpx.Response(500, text="Internal Server Error")}, key=API_KEY)
    err = await refused(make_client(upstream, API_KEY), "workers")
    assert (err.code, err.status, err.url) == (
        ErrorCode.UPSTREAM_ERROR,
        500,
        f"{BASE}/api/v2/get-nodes",
    )
    assert_no_secret(err)
