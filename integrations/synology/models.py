"""The parts of DSM's answers Tilewire reads, as DSM 6.2 and 7.0 answer them (no public guide
describes these APIs). Numbers DSM sends as strings (sizes) are read as numbers."""

from __future__ import annotations

from pydantic import Field

from integrations.base import UpstreamModel


class DsmInfo(UpstreamModel):
    """``SYNO.DSM.Info`` ``getinfo`` (version 2)."""

    model: str | None = None
    version: str | int | None = None
    """The build number."""
    version_string: str | None = None
    """E.g. ``DSM 7.2.1-69057 Update 5``."""


class CoreSystem(UpstreamModel):
    """``SYNO.Core.System`` ``info`` (version 1)."""

    model: str | None = None
    firmware_ver: str | None = None
    cpu_vendor: str | None = None
    cpu_family: str | None = None
    cpu_series: str | None = None
    cpu_cores: int | None = None
    ram_size: int | None = None
    """MiB."""
    sys_temp: float | None = None
    """Degrees Celsius."""
    sys_tempwarn: bool | None = None
    temperature_warning: bool | None = None
    up_time: str | None = None
    """``hours:minutes:seconds``, e.g. ``75:12:9``."""


class Cpu(UpstreamModel):
    """Percent of the CPU time (0-100) by kind, and the load averages times 100."""

    user_load: float = 0.0
    system_load: float = 0.0
    other_load: float = 0.0
    load1: float | None = Field(None, alias="1min_load")
    load5: float | None = Field(None, alias="5min_load")
    load15: float | None = Field(None, alias="15min_load")


class Memory(UpstreamModel):
    """KiB, and the percentage in use (without buffers and cache)."""

    total_real: int
    avail_real: int
    buffer: int = 0
    cached: int = 0
    real_usage: float | None = None


class Utilization(UpstreamModel):
    """``SYNO.Core.System.Utilization`` ``get`` (version 1)."""

    cpu: Cpu
    memory: Memory


class VolumeSize(UpstreamModel):
    total: int | None = None
    used: int | None = None


class Volume(UpstreamModel):
    id: str
    vol_path: str | None = None
    status: str = ""
    fs_type: str | None = None
    size: VolumeSize | None = None


class Disk(UpstreamModel):
    id: str
    name: str | None = None
    vendor: str | None = None
    model: str | None = None
    status: str = ""
    smart_status: str | None = None
    temp: float | None = None
    size_total: int | None = None
    is_ssd: bool | None = Field(None, alias="isSsd")


class Storage(UpstreamModel):
    """``SYNO.Storage.CGI.Storage`` ``load_info`` (version 1): disks, storage pools and volumes
    (the pools are not read)."""

    disks: list[Disk] = []
    volumes: list[Volume] = []
