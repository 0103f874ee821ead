"""The parts of the Servarr APIs' answers Tilewire reads that Sonarr, Radarr, Lidarr and
Readarr share: system status, paging and queue records.

Every Servarr resource is camelCase JSON whose fields may be null; defaults stand in for them.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Generic, TypeVar

from pydantic import AfterValidator, ConfigDict, TypeAdapter
from pydantic.alias_generators import to_camel

from integrations.base import UpstreamModel

RecordT = TypeVar("RecordT")


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


UtcDatetime = Annotated[datetime, AfterValidator(_utc)]
"""A Servarr ``date-time``: UTC, also when written without an offset."""


class ServarrModel(UpstreamModel):
    """Base of the Servarr resources: snake_case here, camelCase on the wire."""

    model_config = ConfigDict(alias_generator=to_camel)


class SystemStatus(ServarrModel):
    """``GET /api/<v>/system/status`` (SystemResource)."""

    version: str
    app_name: str | None = None
    """``Sonarr``, ``Radarr``, ``Lidarr``, ``Readarr`` (and ``Prowlarr``, ``Whisparr``, ...)."""
    instance_name: str | None = None
    branch: str | None = None
    os_name: str | None = None
    is_docker: bool | None = None


class Page(ServarrModel, Generic[RecordT]):
    """A ``*ResourcePagingResource``: one page of records and how many there are in all."""

    total_records: int
    records: list[RecordT] | None = None


def page_of(model: type[RecordT]) -> type[Page[RecordT]]:
    """``Page[model]`` for a record model known only at run time (pydantic caches it)."""
    return Page[model]  # type: ignore[valid-type]


def list_of(model: type[RecordT]) -> TypeAdapter[list[RecordT]]:
    """A JSON array of ``model``, for a record model known only at run time."""
    return TypeAdapter(list[model])  # type: ignore[valid-type]


class TimeSpan(ServarrModel):
    """A .NET TimeSpan where a spec documents it as an object rather than ``[d.]hh:mm:ss``."""

    total_seconds: float


class QueueRecord(ServarrModel):
    """The fields every app's QueueResource shares."""

    id: int
    title: str | None = None
    """The release name."""
    size: float = 0
    sizeleft: float = 0
    timeleft: str | TimeSpan | None = None
    status: str | None = None
    tracked_download_status: str | None = None
    tracked_download_state: str | None = None
    protocol: str | None = None
    download_client: str | None = None


class Command(ServarrModel):
    """``POST /api/<v>/command``'s answer (CommandResource): the command as queued."""

    id: int
    name: str | None = None
    status: str | None = None
    """queued, started, completed, failed, aborted, cancelled or orphaned."""
