"""The parts of Portainer's API answers Tilewire reads."""

from __future__ import annotations

from pydantic import Field

from integrations.base import UpstreamModel

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


class ErrorBody(UpstreamModel):
    """An error answer: Portainer's ``{"message", "details"}``, or the Docker engine's
    ``{"message"}`` passed through its proxy."""

    message: str = ""
    details: str = ""
