"""The parts of Tdarr's API v2 answers Tilewire reads.

Tdarr's API reference (tdarr.readme.io/reference, the server's own Swagger 2.0 document "Tdarr
API", version 2) types ``GET /api/v2/status`` field by field but leaves ``GET /api/v2/get-nodes``
and ``POST /api/v2/cruddb`` as free-form objects; the fields read from those two are the ones
Tdarr's own flow plugins read (HaveAGitGat/Tdarr_Plugins, FlowHelpers/1.0.0/automationUtils.ts)
and those its web UI has shown since Tdarr 1.x (the statistics document's ``table1Count`` to
``table6Count``). Every count is read leniently: Tdarr 1.x wrote the transcode queue's count as
a text (``"12 -Libraries OFF:1,"``) and later versions as a number.
"""

from __future__ import annotations

import math
import re
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, TypeAdapter

from integrations.base import UpstreamModel

LEADING_NUMBER = re.compile(r"\s*(-?\d{1,15}(?:\.\d{1,6})?)")
LARGEST = 10**15
"""Beyond any count or size of Tdarr's: a larger number is cut to it."""


def _number(value: Any) -> float:
    """A number Tdarr may send as a number, as a text starting with one, or as null (0); any
    other value (an object, a list, a boolean) is not Tdarr's answer."""
    if value is None:
        return 0.0
    if isinstance(value, bool):
        raise ValueError("not a number")
    if isinstance(value, int):
        return float(max(-LARGEST, min(LARGEST, value)))
    if isinstance(value, float):
        return max(-LARGEST, min(LARGEST, value)) if math.isfinite(value) else 0.0
    if isinstance(value, str):
        found = LEADING_NUMBER.match(value)
        return float(found.group(1)) if found else 0.0
    raise ValueError("not a number")


def _count(value: Any) -> int:
    return max(0, int(_number(value)))


def _text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return ""


Count = Annotated[int, BeforeValidator(_count)]
"""A count of files or workers: a number, or a text starting with one (0 for another text)."""
Number = Annotated[float, BeforeValidator(_number)]
"""A measure (percent, frames a second, gigabytes), read as a count is."""
Text = Annotated[str, BeforeValidator(_text)]
"""A text Tdarr may leave out, send as null or as a number (an ETA)."""


class ServerStatus(UpstreamModel):
    """``GET /api/v2/status`` ("For checking server status")."""

    version: str = Field(min_length=1)
    status: str = ""
    """``good`` when the server is well."""
    os: str = ""
    uptime: Number | None = None
    """Seconds since the server started."""


class Statistics(UpstreamModel):
    """The statistics document: ``POST /api/v2/cruddb`` with collection ``StatisticsJSONDB``,
    mode ``getById`` and docID ``statistics``."""

    total_file_count: Count = Field(alias="totalFileCount")
    total_transcode_count: Count = Field(0, alias="totalTranscodeCount")
    total_health_check_count: Count = Field(0, alias="totalHealthCheckCount")
    size_diff: Number = Field(0.0, alias="sizeDiff")
    """Gigabytes (10^9 bytes) saved by transcoding; negative when the files grew."""
    transcode_queue: Count = Field(0, alias="table1Count")
    transcode_success: Count = Field(0, alias="table2Count")
    """Transcoded, or not required."""
    transcode_error: Count = Field(0, alias="table3Count")
    """Failed, or cancelled."""
    health_check_queue: Count = Field(0, alias="table4Count")
    health_check_healthy: Count = Field(0, alias="table5Count")
    health_check_error: Count = Field(0, alias="table6Count")
    """Failed, or cancelled."""


STATISTICS = TypeAdapter(Statistics | Annotated[list[Statistics], Field(min_length=1)])
"""The cruddb answer: the document itself, or (as some versions answer) a list holding it."""


class Worker(UpstreamModel):
    """A running worker of a node (a value of its ``workers``)."""

    worker_type: Text = Field("", alias="workerType")
    """``transcodecpu``, ``transcodegpu``, ``healthcheckcpu`` or ``healthcheckgpu``."""
    file: Text = ""
    percentage: Number = 0.0
    fps: Number = 0.0
    eta: Text = Field("", alias="ETA")
    status: Text = ""
    is_flow_worker: bool | None = Field(None, alias="isFlowWorker")
    idle: bool = False


class Node(UpstreamModel):
    """A connected node (a value of the ``get-nodes`` answer, keyed by node id)."""

    node_name: Text = Field("", alias="nodeName")
    node_paused: bool = Field(False, alias="nodePaused")
    worker_limits: dict[str, Count] = Field(default_factory=dict, alias="workerLimits")
    workers: dict[str, Worker] = Field(default_factory=dict)


NODES = TypeAdapter(dict[str, Node])
"""``GET /api/v2/get-nodes`` ("For getting connected nodes information")."""
