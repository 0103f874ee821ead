"""The Docker Engine API's answers Tilewire reads (Docker Engine API v1.41 to v1.51, and
Podman's Docker-compatible API, which answers the same paths), as the API reference documents
them: https://docs.docker.com/reference/api/engine/version/v1.41/."""

from __future__ import annotations

from pydantic import Field, field_validator

from integrations.base import UpstreamModel


class Port(UpstreamModel):
    """``ContainerSummary.Ports[]``: a published (or only exposed) port."""

    ip: str | None = Field(None, alias="IP")
    private_port: int = Field(alias="PrivatePort")
    public_port: int | None = Field(None, alias="PublicPort")
    type: str = Field("tcp", alias="Type")


class SummaryHealth(UpstreamModel):
    """``ContainerSummary.Health`` (API v1.51 and later only)."""

    status: str | None = Field(None, alias="Status")


class ContainerSummary(UpstreamModel):
    """``GET /containers/json``: one container of the list."""

    id: str = Field(alias="Id")
    names: list[str] | None = Field(None, alias="Names")
    image: str = Field("", alias="Image")
    state: str = Field("", alias="State")
    status: str = Field("", alias="Status")
    ports: list[Port] | None = Field(None, alias="Ports")
    labels: dict[str, str] | None = Field(None, alias="Labels")
    health: SummaryHealth | None = Field(None, alias="Health")

    @field_validator("state")
    @classmethod
    def _lower(cls, value: str) -> str:
        # The reference's own example says "Exited"; engines send "exited".
        return value.lower()


class Health(UpstreamModel):
    """``ContainerState.Health``: none, starting, healthy or unhealthy."""

    status: str | None = Field(None, alias="Status")


class State(UpstreamModel):
    """``ContainerInspectResponse.State``."""

    status: str | None = Field(None, alias="Status")
    exit_code: int | None = Field(None, alias="ExitCode")
    started_at: str | None = Field(None, alias="StartedAt")
    finished_at: str | None = Field(None, alias="FinishedAt")
    health: Health | None = Field(None, alias="Health")


class ContainerInspect(UpstreamModel):
    """``GET /containers/{id}/json``: what the list lacks (start time, restarts, health)."""

    id: str = Field(alias="Id")
    restart_count: int = Field(0, alias="RestartCount")
    state: State | None = Field(None, alias="State")


class CpuUsage(UpstreamModel):
    total_usage: int = 0
    percpu_usage: list[int] | None = None


class CpuStats(UpstreamModel):
    """``ContainerStatsResponse.cpu_stats`` (and ``precpu_stats``): nanoseconds."""

    cpu_usage: CpuUsage = CpuUsage()
    system_cpu_usage: int | None = None
    online_cpus: int | None = None


class MemoryStats(UpstreamModel):
    """``ContainerStatsResponse.memory_stats``: bytes; ``stats`` holds the cgroup's counters
    (``total_inactive_file`` under cgroup v1, ``inactive_file`` under v2)."""

    usage: int | None = None
    limit: int | None = None
    stats: dict[str, int] | None = None


class Stats(UpstreamModel):
    """``GET /containers/{id}/stats?stream=false``: one sample of a running container."""

    read: str | None = None
    cpu_stats: CpuStats = CpuStats()
    precpu_stats: CpuStats = CpuStats()
    memory_stats: MemoryStats = MemoryStats()


class Component(UpstreamModel):
    name: str = Field(alias="Name")
    version: str | None = Field(None, alias="Version")


class Platform(UpstreamModel):
    name: str | None = Field(None, alias="Name")


class Version(UpstreamModel):
    """``GET /version``."""

    version: str = Field(alias="Version")
    api_version: str | None = Field(None, alias="ApiVersion")
    os: str | None = Field(None, alias="Os")
    arch: str | None = Field(None, alias="Arch")
    kernel_version: str | None = Field(None, alias="KernelVersion")
    platform: Platform | None = Field(None, alias="Platform")
    components: list[Component] | None = Field(None, alias="Components")


class Info(UpstreamModel):
    """``GET /info``: the counts and the host."""

    containers: int = Field(0, alias="Containers")
    containers_running: int = Field(0, alias="ContainersRunning")
    containers_paused: int = Field(0, alias="ContainersPaused")
    containers_stopped: int = Field(0, alias="ContainersStopped")
    images: int = Field(0, alias="Images")
    operating_system: str | None = Field(None, alias="OperatingSystem")
    kernel_version: str | None = Field(None, alias="KernelVersion")
    ncpu: int | None = Field(None, alias="NCPU")
    mem_total: int | None = Field(None, alias="MemTotal")


class ErrorBody(UpstreamModel):
    """Every error: ``{"message": "No such container: web"}``."""

    message: str | None = None
