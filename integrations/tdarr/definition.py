"""Tdarr: the library's transcode and health-check counts, and what each node's workers are
doing."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from pydantic import Field

from integrations.base import together
from integrations.capabilities import Payload
from integrations.config import ApiKey, NoCredentials
from integrations.types import Integration, ServiceInfo, endpoint

if TYPE_CHECKING:  # for annotations; a function imports what it runs with, on first use
    from integrations.tdarr.client import TdarrClient
    from integrations.tdarr.models import Node, ServerStatus, Statistics, Worker

STATUS_PATH = "api/v2/status"
NODES_PATH = "api/v2/get-nodes"
CRUD_PATH = "api/v2/cruddb"
STATISTICS_QUERY = {
    "data": {"collection": "StatisticsJSONDB", "mode": "getById", "docID": "statistics"}
}
"""The statistics document, as the API reference's ``cruddb`` describes ``getById``."""
MAX_NODES = 50
"""Nodes a payload lists (the counts cover every node)."""
MAX_JOBS = 50
"""Running jobs a payload lists (the counts cover every one)."""
MAX_NAME = 200
MAX_PATH = 1000
GIGABYTE = 1_000_000_000
"""Tdarr counts sizes in gigabytes of 10^9 bytes (Tdarr 1.x's worker divided by 1e9)."""
MAX_BYTES = 10**18
"""An exabyte: a byte count beyond it is cut to it (a 64-bit integer holds it)."""


class TdarrWorkerType(StrEnum):
    TRANSCODE_CPU = "transcodecpu"
    TRANSCODE_GPU = "transcodegpu"
    HEALTH_CHECK_CPU = "healthcheckcpu"
    HEALTH_CHECK_GPU = "healthcheckgpu"
    OTHER = "other"


KNOWN_TYPES = [t for t in TdarrWorkerType if t is not TdarrWorkerType.OTHER]
TRANSCODING = {TdarrWorkerType.TRANSCODE_CPU, TdarrWorkerType.TRANSCODE_GPU}
HEALTH_CHECKING = {TdarrWorkerType.HEALTH_CHECK_CPU, TdarrWorkerType.HEALTH_CHECK_GPU}


class TdarrSummary(Payload):
    """Tdarr's library: files, transcodes and health checks by state, and the space saved."""

    files: int = Field(description="files in Tdarr's libraries")
    transcodes_queued: int = Field(description="files waiting to be transcoded")
    transcodes_processing: int = Field(description="transcode workers running now, every node")
    transcodes_succeeded: int = Field(
        description="files transcoded, or that needed no transcode (Tdarr counts them together)"
    )
    transcodes_failed: int = Field(description="transcodes that failed or were cancelled")
    health_checks_queued: int = Field(description="files waiting for a health check")
    health_checks_processing: int = Field(description="health-check workers running now")
    health_checks_healthy: int = Field(description="files whose health check passed")
    health_checks_failed: int = Field(description="health checks that failed or were cancelled")
    transcodes_total: int = Field(description="transcodes Tdarr has done on the current files")
    health_checks_total: int = Field(
        description="health checks Tdarr has done on the current files"
    )
    space_saved_bytes: int = Field(
        description="bytes transcoding saved (from Tdarr's gigabytes of 10^9 bytes); negative "
        "when transcodes made files bigger"
    )
    nodes: int = Field(description="nodes connected to the server")
    paused_nodes: int = Field(description="connected nodes that are paused")


class TdarrWorkerSlots(Payload):
    """One kind of worker on a node (or on all of them): how many run, how many may."""

    type: TdarrWorkerType
    busy: int = Field(description="workers of this type processing a file now")
    limit: int = Field(description="workers of this type the node is set to run")


class TdarrNode(Payload):
    id: str = Field(description="Tdarr's id of the node")
    name: str
    paused: bool
    busy: int = Field(description="workers processing a file now, every type")
    workers: list[TdarrWorkerSlots] = Field(
        description="transcode CPU, transcode GPU, health check CPU, health check GPU, in order"
    )


class TdarrJob(Payload):
    node: str = Field(description="the name of the node running it")
    type: TdarrWorkerType
    file: str = Field(description="the file's path as the server sees it")
    progress_percent: float = Field(description="0-100")
    fps: float | None = Field(None, description="frames a second, while transcoding")
    eta: str | None = Field(None, description="time left, as Tdarr words it (e.g. 0:01:30)")
    status: str | None = Field(None, description="the worker's stage, as Tdarr words it")
    flow: bool | None = Field(None, description="run by a flow (not a classic plugin stack)")


class TdarrWorkers(Payload):
    """Tdarr's nodes with their workers by type, and the files being processed now."""

    workers: list[TdarrWorkerSlots] = Field(description="every node's workers, by type")
    nodes: list[TdarrNode] = Field(description="by name (at most 50)")
    nodes_total: int
    jobs: list[TdarrJob] = Field(
        description="files being processed, by node, type and file (at most 50)"
    )
    jobs_total: int


def _type(worker: Worker) -> TdarrWorkerType:
    try:
        return TdarrWorkerType(worker.worker_type.lower())
    except ValueError:
        return TdarrWorkerType.OTHER


def _busy(node: Node) -> list[Worker]:
    """The node's workers that are processing a file (an idle worker waits for one)."""
    return [worker for worker in node.workers.values() if not worker.idle]


def _slots(nodes: list[Node]) -> list[TdarrWorkerSlots]:
    busy = {kind: 0 for kind in TdarrWorkerType}
    limit = dict.fromkeys(KNOWN_TYPES, 0)
    for node in nodes:
        for worker in _busy(node):
            busy[_type(worker)] += 1
        for kind in KNOWN_TYPES:
            limit[kind] += node.worker_limits.get(kind.value, 0)
    return [TdarrWorkerSlots(type=kind, busy=busy[kind], limit=limit[kind]) for kind in KNOWN_TYPES]


def _name(node_id: str, node: Node) -> str:
    return (node.node_name or node_id)[:MAX_NAME]


def _job(name: str, worker: Worker) -> TdarrJob:
    kind = _type(worker)
    return TdarrJob(
        node=name,
        type=kind,
        file=worker.file[-MAX_PATH:],
        progress_percent=round(min(100.0, max(0.0, worker.percentage)), 2),
        fps=worker.fps if kind in TRANSCODING and worker.fps > 0 else None,
        eta=worker.eta[:MAX_NAME] or None,
        status=worker.status[:MAX_NAME] or None,
        flow=worker.is_flow_worker,
    )


def summary_of(statistics: Statistics, nodes: dict[str, Node]) -> TdarrSummary:
    running = [_type(worker) for node in nodes.values() for worker in _busy(node)]
    return TdarrSummary(
        files=statistics.total_file_count,
        transcodes_queued=statistics.transcode_queue,
        transcodes_processing=sum(kind in TRANSCODING for kind in running),
        transcodes_succeeded=statistics.transcode_success,
        transcodes_failed=statistics.transcode_error,
        health_checks_queued=statistics.health_check_queue,
        health_checks_processing=sum(kind in HEALTH_CHECKING for kind in running),
        health_checks_healthy=statistics.health_check_healthy,
        health_checks_failed=statistics.health_check_error,
        transcodes_total=statistics.total_transcode_count,
        health_checks_total=statistics.total_health_check_count,
        space_saved_bytes=max(-MAX_BYTES, min(MAX_BYTES, round(statistics.size_diff * GIGABYTE))),
        nodes=len(nodes),
        paused_nodes=sum(node.node_paused for node in nodes.values()),
    )


def workers_of(nodes: dict[str, Node]) -> TdarrWorkers:
    named = sorted(nodes.items(), key=lambda item: (_name(*item).casefold(), item[0]))
    listed = [
        TdarrNode(
            id=node_id[:MAX_NAME],
            name=_name(node_id, node),
            paused=node.node_paused,
            busy=len(_busy(node)),
            workers=_slots([node]),
        )
        for node_id, node in named
    ]
    order = list(TdarrWorkerType)
    jobs = sorted(
        (_job(_name(node_id, node), worker) for node_id, node in named for worker in _busy(node)),
        key=lambda job: (job.node.casefold(), order.index(job.type), job.file),
    )
    return TdarrWorkers(
        workers=_slots(list(nodes.values())),
        nodes=listed[:MAX_NODES],
        nodes_total=len(listed),
        jobs=jobs[:MAX_JOBS],
        jobs_total=len(jobs),
    )


class Tdarr(Integration["TdarrClient"]):
    id = "tdarr"
    name = "Tdarr"
    icon = "tdarr"
    categories = ("media",)
    docs_url = "https://tdarr.readme.io/reference"
    verification = "Built from the Tdarr API documentation, version 2 (the Tdarr 2.x server API)"
    default_port = 8265
    credentials = (NoCredentials, ApiKey)
    client_class = "integrations.tdarr.client:TdarrClient"

    async def _status(self, client: TdarrClient) -> ServerStatus:
        from integrations.tdarr.models import ServerStatus

        return await client.get_json(STATUS_PATH, ServerStatus)

    async def _statistics(self, client: TdarrClient) -> Statistics:
        from integrations.tdarr.models import STATISTICS

        response = await client.request("POST", CRUD_PATH, json=STATISTICS_QUERY)
        answer = client.parse(response, STATISTICS)
        return answer[0] if isinstance(answer, list) else answer

    async def _nodes(self, client: TdarrClient) -> dict[str, Node]:
        from integrations.tdarr.models import NODES

        return await client.get_json(NODES_PATH, NODES)

    async def test_connection(self, client: TdarrClient) -> ServiceInfo:
        # the statistics need the key where the server asks for one: the status alone might not
        status, statistics = await together(self._status(client), self._statistics(client))
        return ServiceInfo.of(
            status.version,
            {
                "status": status.status[:MAX_NAME],
                "os": status.os[:MAX_NAME],
                "files": str(statistics.total_file_count),
            },
        )

    @endpoint(
        "summary",
        name="Summary",
        description="Files in Tdarr's libraries; transcodes queued, processing, succeeded and "
        "failed; health checks likewise; the space transcoding saved; nodes connected.",
        ttl=30.0,
        min_refresh=10.0,
    )
    async def summary(self, client: TdarrClient) -> TdarrSummary:
        statistics, nodes = await together(self._statistics(client), self._nodes(client))
        return summary_of(statistics, nodes)

    @endpoint(
        "workers",
        name="Nodes and workers",
        description="Each node with its workers busy and allowed by type (transcode or health "
        "check, CPU or GPU), and the first 50 files being processed with their progress.",
        ttl=10.0,
        min_refresh=5.0,
    )
    async def workers(self, client: TdarrClient) -> TdarrWorkers:
        return workers_of(await self._nodes(client))
