"""The parts of Proxmox Backup Server's API answers Tilewire reads (version 3.2:
pbs-api-types/src/datastore.rs DataStoreStatusListItem, node.rs NodeStatus, lib.rs
TaskListItem). The envelope and version are the Proxmox family's."""

from __future__ import annotations

from pydantic import AliasChoices, Field

from integrations.base import UpstreamModel


class DatastoreUsage(UpstreamModel):
    """One entry of ``GET /status/datastore-usage`` (kebab-case fields)."""

    store: str
    total: int | None = None
    used: int | None = None
    avail: int | None = None
    estimated_full_date: int | None = Field(None, alias="estimated-full-date")
    """Epoch seconds; in the past when usage is falling or flat."""
    error: str | None = None


class Memory(UpstreamModel):
    total: int
    used: int


class Storage(UpstreamModel):
    total: int
    used: int


class NodeStatus(UpstreamModel):
    """``GET /nodes/localhost/status``."""

    cpu: float
    """Fraction (0-1) busy."""
    memory: Memory
    root: Storage | None = None
    uptime: int | None = None
    loadavg: list[float] = []


class Task(UpstreamModel):
    """One entry of ``GET /nodes/localhost/tasks``."""

    upid: str
    worker_type: str = Field(validation_alias=AliasChoices("worker_type", "worker-type"))
    worker_id: str | None = Field(None, validation_alias=AliasChoices("worker_id", "worker-id"))
    user: str = ""
    starttime: int
    endtime: int | None = None
    status: str | None = None
