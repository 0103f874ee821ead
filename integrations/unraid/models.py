"""The parts of the Unraid API's GraphQL answers Tilewire reads: the types of
api/generated-schema.graphql (unraid/api v4.37.2), with the schema's own field names. Every
document Tilewire sends is valid against the schema from API 4.16.0 on."""

from __future__ import annotations

from typing import Any

from pydantic import ConfigDict
from pydantic.alias_generators import to_camel

from integrations.base import UpstreamModel


class Model(UpstreamModel):
    """An Unraid GraphQL object: camelCase field names, as the schema spells them."""

    model_config = ConfigDict(alias_generator=to_camel)


# --- the GraphQL envelope ------------------------------------------------------------------


class OriginalError(Model):
    """What the API's error formatting keeps of the exception: ``statusCode`` 401 or 403 for a
    refused key or permission."""

    status_code: int | None = None
    error: str | None = None


class ErrorExtensions(Model):
    code: str | None = None
    """``UNAUTHENTICATED``, ``FORBIDDEN``, ``GRAPHQL_VALIDATION_FAILED``,
    ``INTERNAL_SERVER_ERROR``, ..."""
    original_error: OriginalError | None = None


class GraphQLError(Model):
    message: str = ""
    path: list[str | int] | None = None
    extensions: ErrorExtensions | None = None


class Answer(Model):
    """A GraphQL response: ``data``, ``errors``, or both (a field that failed is null)."""

    data: dict[str, Any] | None = None
    errors: list[GraphQLError] | None = None


# --- info, metrics --------------------------------------------------------------------------


class CoreVersions(Model):
    unraid: str | None = None
    """The Unraid OS version, e.g. ``7.2.0``."""
    api: str | None = None
    """The Unraid API's own version, e.g. ``4.25.3+abc123``."""
    kernel: str | None = None


class InfoVersions(Model):
    core: CoreVersions


class InfoOs(Model):
    hostname: str | None = None
    uptime: str | None = None
    """The boot time (ISO 8601), despite its name."""


class InfoCpu(Model):
    brand: str | None = None
    cores: int | None = None
    threads: int | None = None


class Info(Model):
    os: InfoOs
    versions: InfoVersions
    cpu: InfoCpu | None = None


class CpuUtilization(Model):
    percent_total: float


class MemoryUtilization(Model):
    """Bytes (BigInt: a number, or a string beyond 2**53)."""

    total: int
    used: int
    available: int
    percent_total: float
    """(total - available) / total, percent."""


class Metrics(Model):
    cpu: CpuUtilization | None = None
    memory: MemoryUtilization | None = None


class VersionData(Model):
    """``query { info { os { hostname } versions { core { unraid api } } } }``."""

    info: Info


class SystemData(Model):
    info: Info
    metrics: Metrics


# --- array ----------------------------------------------------------------------------------


class Capacity(Model):
    """Strings of numbers, as the schema types them."""

    free: int
    used: int
    total: int


class ArrayCapacity(Model):
    kilobytes: Capacity
    disks: Capacity


class ArrayDisk(Model):
    idx: int
    name: str | None = None
    device: str | None = None
    size: int | None = None
    """KB."""
    status: str | None = None
    """``ArrayDiskStatus``: DISK_OK, DISK_NP, DISK_DSBL, DISK_INVALID, ..."""
    temp: int | None = None
    """Celsius; null when spun down, the array is stopped or the slot is empty."""
    type: str
    """``ArrayDiskType``: DATA, PARITY, CACHE, BOOT, FLASH."""
    fs_size: int | None = None
    """KB; null for parity."""
    fs_free: int | None = None
    fs_used: int | None = None
    num_errors: int | None = None


class ParityCheck(Model):
    status: str
    """``ParityCheckStatus``: NEVER_RUN, RUNNING, PAUSED, COMPLETED, CANCELLED, FAILED."""
    progress: int | None = None
    """Percent 0-100."""
    speed: str | None = None
    """MB/s, as a string."""
    errors: int | None = None
    date: str | None = None
    """When the check (the last one, or the running one) started, ISO 8601."""
    duration: int | None = None
    """Seconds."""
    correcting: bool | None = None


class UnraidArray(Model):
    state: str
    """``ArrayState``: STARTED, STOPPED, NEW_ARRAY, ..."""
    capacity: ArrayCapacity
    parity_check_status: ParityCheck
    parities: list[ArrayDisk]
    disks: list[ArrayDisk]
    caches: list[ArrayDisk]


class ArrayData(Model):
    array: UnraidArray


# --- docker, vms ----------------------------------------------------------------------------


class DockerContainer(Model):
    names: list[str]
    image: str
    state: str
    """``ContainerState``: RUNNING, PAUSED, EXITED."""
    status: str
    """Docker's own words, e.g. ``Up 3 days (healthy)``."""
    auto_start: bool


class Docker(Model):
    containers: list[DockerContainer]


class DockerData(Model):
    docker: Docker


class VmDomain(Model):
    name: str | None = None
    state: str
    """``VmState``: RUNNING, IDLE, PAUSED, PMSUSPENDED, SHUTDOWN, SHUTOFF, CRASHED, NOSTATE."""


class Vms(Model):
    domains: list[VmDomain] | None = None
    """Null when the VM service is not available (the error says why)."""


class VmsData(Model):
    vms: Vms
