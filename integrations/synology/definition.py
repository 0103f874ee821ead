"""Synology DSM: CPU, memory, load and uptime as SystemResources, the model, firmware and
temperature, and the volumes' and disks' state."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from pydantic import Field

from integrations.base import together
from integrations.capabilities import Payload, SystemResources
from integrations.families.synology.definition import DSM_LOGIN_GUIDE, SynologyIntegration
from integrations.types import ServiceInfo, endpoint

if TYPE_CHECKING:  # for annotations; a function imports what it runs with, on first use
    from integrations.synology.client import SynologyDSMClient
    from integrations.synology.models import CoreSystem, Disk, Storage, Utilization, Volume

MAX_ITEMS = 50
"""The most volumes and disks a payload lists (the counts cover all of them)."""
KIB = 1024
MIB = 1024 * 1024
NORMAL = "normal"
UPTIME = re.compile(r"^\s*(\d{1,7}):(\d{1,2}):(\d{1,2})\s*$")


class SynologyStatus(Payload):
    """The NAS: model, DSM version, processor, memory, temperature and uptime."""

    model: str | None = None
    version: str | None = Field(None, description="the DSM version, e.g. DSM 7.2.1-69057 Update 5")
    cpu: str | None = Field(None, description="vendor, family and series, e.g. INTEL Celeron J3455")
    cpu_cores: int | None = None
    memory_total: int | None = Field(None, description="bytes of installed memory")
    temperature: float | None = Field(None, description="the system temperature, °C")
    temperature_warning: bool = Field(description="DSM warns that the system is too hot")
    uptime_seconds: int | None = None


class SynologyVolume(Payload):
    id: str = Field(description="e.g. volume_1")
    path: str | None = Field(None, description="e.g. /volume1")
    status: str = Field(description="DSM's word: normal, degraded, crashed, ...")
    filesystem: str | None = Field(None, description="btrfs, ext4, ...")
    used_bytes: int | None = None
    total_bytes: int | None = None
    used_percent: float | None = Field(None, description="0-100")


class SynologyDisk(Payload):
    id: str = Field(description="e.g. sda")
    name: str | None = Field(None, description="e.g. Drive 1")
    model: str | None = Field(None, description="vendor and model")
    status: str = Field(description="DSM's word: normal, crashed, not_initialized, ...")
    smart_status: str | None = Field(None, description="the S.M.A.R.T. verdict: normal, ...")
    temperature: float | None = Field(None, description="°C")
    size_bytes: int | None = None
    ssd: bool | None = None


class SynologyStorage(Payload):
    """The volumes and disks as DSM's storage manager reports them, in DSM's order."""

    used_bytes: int = Field(description="over every volume")
    total_bytes: int = Field(description="over every volume")
    volume_count: int
    volumes_not_normal: int = Field(description="volumes whose status is not normal")
    volumes: list[SynologyVolume] = Field(description=f"at most {MAX_ITEMS}")
    disk_count: int
    disks_not_normal: int = Field(
        description="disks whose status is not normal (a disk in no storage pool yet counts too)"
    )
    disks: list[SynologyDisk] = Field(description=f"at most {MAX_ITEMS}")


def uptime_of(text: str | None) -> int | None:
    """Seconds from DSM's ``hours:minutes:seconds``."""
    found = UPTIME.match(text or "")
    if found is None:
        return None
    hours, minutes, seconds = (int(part) for part in found.groups())
    return hours * 3600 + minutes * 60 + seconds


def text(value: str | None) -> str | None:
    """``value`` without the padding DSM leaves around names; None when empty."""
    stripped = (value or "").strip()
    return stripped or None


def resources_of(used: Utilization, system: CoreSystem) -> SystemResources:
    cpu, memory = used.cpu, used.memory
    busy = cpu.user_load + cpu.system_load + cpu.other_load
    total = memory.total_real * KIB
    in_use = max(memory.total_real - memory.avail_real - memory.buffer - memory.cached, 0) * KIB
    if memory.real_usage is not None:
        percent = memory.real_usage
    else:
        percent = round(in_use / total * 100, 2) if total else 0.0
    return SystemResources(
        cpu_percent=round(min(max(busy, 0.0), 100.0), 2),
        cpu_count=system.cpu_cores,
        memory_used=in_use,
        memory_total=total,
        memory_percent=percent,
        load1=None if cpu.load1 is None else round(cpu.load1 / 100, 2),
        load5=None if cpu.load5 is None else round(cpu.load5 / 100, 2),
        load15=None if cpu.load15 is None else round(cpu.load15 / 100, 2),
        uptime_seconds=uptime_of(system.up_time),
    )


def status_of(system: CoreSystem) -> SynologyStatus:
    cpu = " ".join(
        part
        for part in (text(system.cpu_vendor), text(system.cpu_family), text(system.cpu_series))
        if part
    )
    return SynologyStatus(
        model=text(system.model),
        version=text(system.firmware_ver),
        cpu=cpu or None,
        cpu_cores=system.cpu_cores,
        memory_total=system.ram_size * MIB if system.ram_size is not None else None,
        temperature=system.sys_temp,
        temperature_warning=bool(system.sys_tempwarn or system.temperature_warning),
        uptime_seconds=uptime_of(system.up_time),
    )


def volume_of(volume: Volume) -> SynologyVolume:
    size = volume.size
    used = size.used if size is not None else None
    total = size.total if size is not None else None
    return SynologyVolume(
        id=volume.id,
        path=text(volume.vol_path),
        status=volume.status,
        filesystem=text(volume.fs_type),
        used_bytes=used,
        total_bytes=total,
        used_percent=round(used / total * 100, 2) if used is not None and total else None,
    )


def disk_of(disk: Disk) -> SynologyDisk:
    model = " ".join(part for part in (text(disk.vendor), text(disk.model)) if part)
    return SynologyDisk(
        id=disk.id,
        name=text(disk.name),
        model=model or None,
        status=disk.status,
        smart_status=text(disk.smart_status),
        temperature=disk.temp,
        size_bytes=disk.size_total,
        ssd=disk.is_ssd,
    )


def storage_of(storage: Storage) -> SynologyStorage:
    volumes, disks = storage.volumes, storage.disks
    return SynologyStorage(
        used_bytes=sum(v.size.used or 0 for v in volumes if v.size is not None),
        total_bytes=sum(v.size.total or 0 for v in volumes if v.size is not None),
        volume_count=len(volumes),
        volumes_not_normal=sum(1 for v in volumes if v.status != NORMAL),
        volumes=[volume_of(v) for v in volumes[:MAX_ITEMS]],
        disk_count=len(disks),
        disks_not_normal=sum(1 for d in disks if d.status != NORMAL),
        disks=[disk_of(d) for d in disks[:MAX_ITEMS]],
    )


class SynologyDSM(SynologyIntegration["SynologyDSMClient"]):
    """A Synology NAS's DSM, read with an administrator's account."""

    id = "synology"
    name = "Synology DSM"
    categories = ("storage", "monitoring")
    docs_url = DSM_LOGIN_GUIDE
    verification = (
        "Built from the Synology DSM API documentation, version DSM 7.0 (DSM Login Web API "
        "Guide), with the system and storage answers of DSM 6.2 and 7.0"
    )
    client_class = "integrations.synology.client:SynologyDSMClient"

    async def test_connection(self, client: SynologyDSMClient) -> ServiceInfo:
        from integrations.synology.client import DSM_INFO
        from integrations.synology.models import DsmInfo

        info = await client.call(DSM_INFO, "getinfo", DsmInfo, version=2)
        version = text(info.version_string)
        build = str(info.version) if info.version is not None else None
        return ServiceInfo.of(
            version.removeprefix("DSM ") if version else build,
            {"model": text(info.model), "build": build},
        )

    @endpoint(
        "system",
        name="System",
        description="CPU use, memory, load average, processor count and uptime of the NAS.",
        ttl=10.0,
        min_refresh=5.0,
    )
    async def system(self, client: SynologyDSMClient) -> SystemResources:
        from integrations.synology.client import SYSTEM, UTILIZATION
        from integrations.synology.models import CoreSystem, Utilization

        used, system = await together(
            client.call(UTILIZATION, "get", Utilization), client.call(SYSTEM, "info", CoreSystem)
        )
        return resources_of(used, system)

    @endpoint(
        "status",
        name="Status",
        description="Model, DSM version, processor, installed memory, system temperature (and "
        "whether DSM warns about it) and uptime.",
        ttl=60.0,
        min_refresh=15.0,
    )
    async def status(self, client: SynologyDSMClient) -> SynologyStatus:
        from integrations.synology.client import SYSTEM
        from integrations.synology.models import CoreSystem

        return status_of(await client.call(SYSTEM, "info", CoreSystem))

    @endpoint(
        "storage",
        name="Storage",
        description=f"Each volume's status and used and total bytes, each disk's status, "
        f"S.M.A.R.T. verdict and temperature (at most {MAX_ITEMS} of each), and how many are "
        "not normal.",
        ttl=60.0,
        min_refresh=30.0,
    )
    async def storage(self, client: SynologyDSMClient) -> SynologyStorage:
        from integrations.synology.client import STORAGE
        from integrations.synology.models import Storage

        # ``action`` repeats the method, as other clients of this undocumented API send it
        # (harmless where DSM does not read it).
        found = await client.call(STORAGE, "load_info", Storage, action="load_info")
        return storage_of(found)
