"""The parts of Portainer's API answers Tilewire reads, and its own payloads."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from integrations.base import UpstreamModel
from integrations.capabilities import Payload

# --- upstream --------------------------------------------------------------------------------


class Status(UpstreamModel):
    """``GET /api/system/status`` (``/api/status`` before 2.17): public."""

    version: str = Field(alias="Version")
    instance_id: str = Field(alias="InstanceID")
    """Every 2.x server has one; it tells Portainer apart from other JSON with a Version."""


class AuthAnswer(UpstreamModel):
    """``POST /api/auth``."""

    jwt: str


class DockerSnapshot(UpstreamModel):
    """One entry of an environment's ``Snapshots``: counts Portainer took at ``Time``."""

    time: int = Field(0, alias="Time")
    """Unix time."""
    docker_version: str = Field("", alias="DockerVersion")
    running: int = Field(0, alias="RunningContainerCount")
    stopped: int = Field(0, alias="StoppedContainerCount")
    healthy: int = Field(0, alias="HealthyContainerCount")
    unhealthy: int = Field(0, alias="UnhealthyContainerCount")
    stacks: int = Field(0, alias="StackCount")


class Endpoint(UpstreamModel):
    """One entry of ``GET /api/endpoints`` (an "environment" in the UI)."""

    id: int = Field(alias="Id")
    name: str = Field(alias="Name")
    type: int = Field(alias="Type")
    status: int = Field(alias="Status")
    """1 up, 2 down."""
    snapshots: list[DockerSnapshot] | None = Field(None, alias="Snapshots")


# --- payloads --------------------------------------------------------------------------------


class PortainerEnvironment(Payload):
    id: int
    name: str
    kind: str = Field(description="docker, agent, edge agent, kubernetes, ... (Portainer's type)")
    status: str = Field(description="up or down, as Portainer last saw it")
    running: int | None = Field(description="None without a Docker snapshot (Kubernetes)")
    stopped: int | None = None
    healthy: int | None = None
    unhealthy: int | None = None
    stacks: int | None = None
    docker_version: str | None = None
    snapshot_at: datetime | None = Field(None, description="when Portainer took these counts")


class PortainerContainers(Payload):
    """Each environment's state and container counts, from Portainer's snapshots."""

    environments: list[PortainerEnvironment] = Field(description="by name")
    environments_up: int
    environments_down: int
    running: int = Field(description="containers, all environments together")
    stopped: int
    healthy: int
    unhealthy: int
