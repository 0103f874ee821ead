"""The parts of Glances' REST API answers (v4 and v3 share these shapes) Tilewire reads."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, RootModel, StringConstraints

from integrations.base import UpstreamModel

GlancesVersion = Annotated[str, StringConstraints(pattern=r"^\d+\.\d+")]


class Status(UpstreamModel):
    """``GET /api/4/status`` (4.x, needs no credentials): ``{"version": "4.5.8"}``."""

    version: GlancesVersion


class Help(UpstreamModel):
    """``GET /api/3/help`` (3.x has no version route): ``{"version": "Glances 3.3.1.1", ...}``."""

    version: str


class Cpu(UpstreamModel):
    """``GET /api/<v>/cpu``."""

    total: float
    """Percent busy over all cores since the previous refresh."""
    cpucore: int | None = None
    """Logical cores."""


class Memory(UpstreamModel):
    """``GET /api/<v>/mem`` (bytes; ``used`` is ``total - available``)."""

    total: int
    used: int
    percent: float


class Load(UpstreamModel):
    """``GET /api/<v>/load`` (absent on Windows)."""

    min1: float
    min5: float
    min15: float


class FileSystem(UpstreamModel):
    """One entry of ``GET /api/<v>/fs`` (bytes)."""

    mnt_point: str
    size: int
    used: int
    percent: float


class FileSystems(RootModel[list[FileSystem]]):
    """``GET /api/<v>/fs``."""


class System(UpstreamModel):
    """``GET /api/<v>/system``."""

    hostname: str | None = None
    hr_name: str | None = Field(None, description="e.g. Debian GNU/Linux 12 64bit")


class UptimeSeconds(UpstreamModel):
    """The uptime plugin's export shape, ``{"seconds": 3084}``."""

    seconds: float


class Uptime(RootModel[str | float | UptimeSeconds]):
    """``GET /api/<v>/uptime``: Python's ``str(timedelta)`` ("0:51:17", "3 days, 4:05:06") on
    the REST API of 3.x and 4.x; seconds as a number or ``{"seconds": n}`` are understood too."""
