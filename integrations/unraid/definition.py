"""Unraid: the server (CPU, memory, uptime, version), the array (state, capacity, disks,
parity check), Docker containers and virtual machines."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from pydantic import Field

from integrations.capabilities import Payload
from integrations.config import ApiKey, Secret, field
from integrations.types import Integration, ServiceInfo, endpoint

if TYPE_CHECKING:  # for annotations; a function imports what it runs with, on first use
    from integrations.unraid.client import UnraidClient
    from integrations.unraid.models import ArrayDisk, GraphQLError, ParityCheck

MAX_DISKS = 50
MAX_CONTAINERS = 50
MAX_VMS = 50
KIB = 1024
"""The schema gives disk and capacity sizes in kilobytes (KiB: emhttpd's 1024-byte blocks)."""

# Fixed documents, valid against api/generated-schema.graphql from API 4.16.0 to 4.37.2.
VERSION_QUERY = (
    "query TilewireVersion { info { os { hostname } versions { core { unraid api } } } }"
)
SYSTEM_QUERY = (
    "query TilewireSystem { info { os { hostname uptime } cpu { brand cores threads } "
    "versions { core { unraid api } } } "
    "metrics { cpu { percentTotal } memory { total used available percentTotal } } }"
)
DISK_FIELDS = "idx name device size status temp type fsSize fsFree fsUsed numErrors"
ARRAY_QUERY = (
    "query TilewireArray { array { state "
    "capacity { kilobytes { free used total } disks { free used total } } "
    "parityCheckStatus { status progress speed errors date duration correcting } "
    f"parities {{ {DISK_FIELDS} }} disks {{ {DISK_FIELDS} }} caches {{ {DISK_FIELDS} }} }} }}"
)
DOCKER_QUERY = (
    "query TilewireDocker { docker { containers { names image state status autoStart } } }"
)
VMS_QUERY = "query TilewireVms { vms { domains { name state } } }"

VM_RUNNING = frozenset({"RUNNING", "IDLE"})
"""IDLE is libvirt's "blocked": running, waiting on I/O."""
VM_PAUSED = frozenset({"PAUSED", "PMSUSPENDED"})
VM_STOPPED = frozenset({"SHUTOFF", "CRASHED"})
"""Everything else (SHUTDOWN, i.e. shutting down; NOSTATE) is counted as ``other``."""
DISK_KINDS = {"PARITY": 0, "DATA": 1, "CACHE": 2}


class UnraidApiKey(ApiKey):
    """An Unraid API key (Settings, Management Access, API Keys), sent in ``x-api-key``."""

    api_key: Secret = field(
        "API key",
        min_length=1,
        max_length=512,
        help="Create one under Settings, Management Access, API Keys (Unraid 7.2+; the Unraid "
        "Connect plugin before) with the Viewer role, or read permission on INFO, ARRAY, DOCKER "
        "and VMS.",
    )


# --- payloads -------------------------------------------------------------------------------


class UnraidSystem(Payload):
    """The server: Unraid version, CPU load, memory and uptime."""

    hostname: str | None = None
    version: str | None = Field(None, description="the Unraid OS version, e.g. 7.2.0")
    api_version: str | None = Field(None, description="the Unraid API's own version")
    cpu_model: str | None = None
    cpu_cores: int | None = Field(None, description="physical cores")
    cpu_threads: int | None = Field(None, description="logical CPUs")
    cpu_percent: float | None = Field(
        None, description="CPU load of all cores, percent 0-100; None if Unraid gives none"
    )
    memory_total: int | None = Field(None, description="bytes")
    memory_used: int | None = Field(
        None, description="bytes in use: total less available (caches count as free)"
    )
    memory_percent: float | None = Field(None, description="memory_used of memory_total, 0-100")
    booted_at: datetime | None = None
    uptime_seconds: int | None = Field(None, description="since booted_at, at the time of asking")


class UnraidDisk(Payload):
    name: str = Field(description="parity, parity2, disk1, ..., cache, or a pool device's name")
    kind: str = Field(description="PARITY, DATA or CACHE (pool devices are CACHE)")
    device: str | None = Field(None, description="the kernel's name, e.g. sdb or nvme0n1")
    status: str = Field(
        description="DISK_OK, DISK_NP (no disk), DISK_DSBL (disabled), DISK_INVALID, "
        "DISK_WRONG, DISK_NEW, ...; UNKNOWN when Unraid gives none"
    )
    ok: bool = Field(description="status is DISK_OK")
    temperature_celsius: int | None = Field(
        None, description="None when the disk is spun down or the array is stopped"
    )
    size: int | None = Field(None, description="bytes, the whole disk")
    fs_size: int | None = Field(None, description="bytes of its file system (None for parity)")
    fs_used: int | None = Field(None, description="bytes")
    fs_free: int | None = Field(None, description="bytes")
    errors: int | None = Field(None, description="read/write errors since the array started")


class UnraidParityCheck(Payload):
    status: str = Field(
        description="NEVER_RUN, RUNNING, PAUSED, COMPLETED, CANCELLED or FAILED (of the last "
        "check when none is running)"
    )
    running: bool = Field(description="a check is running or paused")
    progress_percent: int | None = Field(None, description="0-100, while a check runs or is paused")
    speed_mb_per_second: float | None = Field(None, description="while a check runs")
    errors: int | None = Field(None, description="when Unraid gives it")
    started_at: datetime | None = Field(None, description="when the last (or running) check began")
    duration_seconds: int | None = Field(None, description="of the last (or running) check")
    correcting: bool | None = Field(None, description="writes corrections to parity")


class UnraidArray(Payload):
    """The array: its state, the data disks' capacity, every disk (parity, data, pools) and the
    parity check."""

    state: str = Field(
        description="STARTED, STOPPED, NEW_ARRAY, RECON_DISK, DISABLE_DISK, SWAP_DSBL, "
        "INVALID_EXPANSION, PARITY_NOT_BIGGEST, TOO_MANY_MISSING_DISKS, NEW_DISK_TOO_SMALL or "
        "NO_DATA_DISKS"
    )
    started: bool = Field(description="state is STARTED")
    capacity_total: int = Field(description="bytes of the data disks' file systems")
    capacity_used: int = Field(description="bytes")
    capacity_free: int = Field(description="bytes")
    used_percent: float | None = Field(None, description="0-100; None when the total is 0")
    data_disks: int = Field(description="data disks assigned")
    data_slots: int = Field(description="data disk slots the licence allows")
    disks: list[UnraidDisk] = Field(
        description=f"parity, then data, then pool devices, at most {MAX_DISKS} (see total)"
    )
    total_disks: int = Field(description="disks with a device, shown or not")
    disks_not_ok: int = Field(description="of total_disks: status other than DISK_OK")
    hottest_celsius: int | None = Field(None, description="the highest temperature of any disk")
    truncated: bool = Field(description="more disks than are shown")
    parity_check: UnraidParityCheck


class UnraidContainer(Payload):
    name: str
    image: str
    state: str = Field(description="RUNNING, PAUSED or EXITED")
    status: str = Field(description="Docker's own words, e.g. 'Up 3 days (healthy)'")
    auto_start: bool = Field(description="started with the array")


class UnraidDocker(Payload):
    """Docker containers: counts, and the containers by name."""

    available: bool = Field(description="Docker answered (False: disabled or not running)")
    unavailable_reason: str | None = Field(None, description="Unraid's words, when not available")
    total: int
    running: int
    paused: int
    stopped: int = Field(description="exited")
    containers: list[UnraidContainer] = Field(
        description=f"by name, at most {MAX_CONTAINERS} (see total)"
    )
    truncated: bool = Field(description="more containers than are shown")


class UnraidVm(Payload):
    name: str
    state: str = Field(
        description="RUNNING, IDLE, PAUSED, PMSUSPENDED, SHUTDOWN (shutting down), SHUTOFF, "
        "CRASHED or NOSTATE"
    )


class UnraidVms(Payload):
    """Virtual machines: counts, and the machines by name."""

    available: bool = Field(description="the VM service answered (False: disabled or stopped)")
    unavailable_reason: str | None = Field(None, description="Unraid's words, when not available")
    total: int
    running: int = Field(description="RUNNING or IDLE")
    paused: int = Field(description="PAUSED or PMSUSPENDED")
    stopped: int = Field(description="SHUTOFF or CRASHED")
    other: int = Field(description="SHUTDOWN (shutting down) or NOSTATE")
    vms: list[UnraidVm] = Field(description=f"by name, at most {MAX_VMS} (see total)")
    truncated: bool = Field(description="more machines than are shown")


# --- helpers --------------------------------------------------------------------------------


def parse_time(text: str | None) -> datetime | None:
    """An ISO 8601 time as an aware datetime; None for none or nonsense."""
    if not text:
        return None
    try:
        when = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)


def known(version: str | None) -> str | None:
    """A version, or None for none: the API says ``unknown`` when it could not read one."""
    return version if version and version != "unknown" else None


def kib(value: int | None) -> int | None:
    return value * KIB if value is not None else None


def speed_of(text: str | None) -> float | None:
    try:
        return float(text) if text else None
    except ValueError:
        return None


def disk_of(disk: ArrayDisk) -> UnraidDisk:
    status = disk.status or "UNKNOWN"
    return UnraidDisk(
        name=disk.name or f"slot {disk.idx}",
        kind=disk.type,
        device=disk.device or None,
        status=status,
        ok=status == "DISK_OK",
        temperature_celsius=disk.temp,
        size=kib(disk.size),
        fs_size=kib(disk.fs_size),
        fs_used=kib(disk.fs_used),
        fs_free=kib(disk.fs_free),
        errors=disk.num_errors,
    )


def parity_of(check: ParityCheck) -> UnraidParityCheck:
    running = check.status in ("RUNNING", "PAUSED")
    return UnraidParityCheck(
        status=check.status,
        running=running,
        progress_percent=check.progress if running else None,
        speed_mb_per_second=speed_of(check.speed) if check.status == "RUNNING" else None,
        errors=check.errors,
        started_at=parse_time(check.date),
        duration_seconds=check.duration,
        correcting=check.correcting,
    )


# --- the integration ------------------------------------------------------------------------


class Unraid(Integration["UnraidClient"]):
    id = "unraid"
    name = "Unraid"
    icon = "unraid"
    categories = ("storage", "system", "containers")
    docs_url = "https://docs.unraid.net/API/"
    verification = (
        "Built from the Unraid API documentation, version 4.37.2 (unraid/api "
        "api/generated-schema.graphql; queries valid from API 4.16.0)"
    )
    default_port = 80
    credentials = (UnraidApiKey,)
    client_class = "integrations.unraid.client:UnraidClient"

    async def test_connection(self, client: UnraidClient) -> ServiceInfo:
        from integrations.unraid.models import VersionData

        data = await client.data(VERSION_QUERY, VersionData)
        core = data.info.versions.core
        return ServiceInfo.of(
            known(core.unraid), {"hostname": data.info.os.hostname, "apiVersion": known(core.api)}
        )

    @endpoint(
        "system",
        name="System",
        description="The Unraid version, CPU model and load, memory used and total, and uptime.",
        ttl=15.0,
        min_refresh=5.0,
    )
    async def system(self, client: UnraidClient) -> UnraidSystem:
        from integrations.unraid.models import SystemData

        data = await client.data(SYSTEM_QUERY, SystemData)
        info, cpu, memory = data.info, data.metrics.cpu, data.metrics.memory
        booted = parse_time(info.os.uptime)
        now = datetime.now(UTC)
        uptime = int((now - booted).total_seconds()) if booted is not None else None
        used = memory.total - memory.available if memory is not None else None
        return UnraidSystem(
            hostname=info.os.hostname,
            version=known(info.versions.core.unraid),
            api_version=known(info.versions.core.api),
            cpu_model=info.cpu.brand if info.cpu else None,
            cpu_cores=info.cpu.cores if info.cpu else None,
            cpu_threads=info.cpu.threads if info.cpu else None,
            cpu_percent=round(cpu.percent_total, 1) if cpu is not None else None,
            memory_total=memory.total if memory is not None else None,
            memory_used=max(used, 0) if used is not None else None,
            memory_percent=round(memory.percent_total, 1) if memory is not None else None,
            booted_at=booted,
            uptime_seconds=max(uptime, 0) if uptime is not None else None,
        )

    @endpoint(
        "array",
        name="Array",
        description=f"The array's state and capacity, its disks (at most {MAX_DISKS}: name, "
        "status, temperature, size) and the parity check's status and progress.",
        ttl=60.0,
        min_refresh=10.0,
    )
    async def array(self, client: UnraidClient) -> UnraidArray:
        from integrations.unraid.models import ArrayData

        array = (await client.data(ARRAY_QUERY, ArrayData)).array
        every = [*array.parities, *array.disks, *array.caches]
        every.sort(key=lambda d: (DISK_KINDS.get(d.type, 3), d.idx))
        disks = [disk_of(d) for d in every]
        kilobytes, slots = array.capacity.kilobytes, array.capacity.disks
        temperatures = [d.temperature_celsius for d in disks if d.temperature_celsius is not None]
        return UnraidArray(
            state=array.state,
            started=array.state == "STARTED",
            capacity_total=kilobytes.total * KIB,
            capacity_used=kilobytes.used * KIB,
            capacity_free=kilobytes.free * KIB,
            used_percent=(
                round(100 * kilobytes.used / kilobytes.total, 1) if kilobytes.total > 0 else None
            ),
            data_disks=slots.used,
            data_slots=slots.total,
            disks=disks[:MAX_DISKS],
            total_disks=len(disks),
            disks_not_ok=sum(not d.ok for d in disks),
            hottest_celsius=max(temperatures, default=None),
            truncated=len(disks) > MAX_DISKS,
            parity_check=parity_of(array.parity_check_status),
        )

    @endpoint(
        "docker",
        name="Docker",
        description=f"Containers running, paused and stopped, and the containers (at most "
        f"{MAX_CONTAINERS}, by name) with their image, state and status.",
        ttl=30.0,
        min_refresh=10.0,
    )
    async def docker(self, client: UnraidClient) -> UnraidDocker:
        from integrations.unraid.client import at_path
        from integrations.unraid.models import DockerData

        data, tolerated = await client.query(
            DOCKER_QUERY, DockerData, tolerate=at_path("docker.containers")
        )
        if data is None or tolerated:
            return UnraidDocker(
                available=False,
                unavailable_reason=reason_of(client, tolerated),
                total=0,
                running=0,
                paused=0,
                stopped=0,
                containers=[],
                truncated=False,
            )
        listed = sorted(
            (
                UnraidContainer(
                    name=(c.names[0].lstrip("/") if c.names else "") or c.image,
                    image=c.image,
                    state=c.state,
                    status=c.status,
                    auto_start=c.auto_start,
                )
                for c in data.docker.containers
            ),
            key=lambda c: (c.name.casefold(), c.name),
        )
        states = Counter(c.state for c in listed)
        return UnraidDocker(
            available=True,
            total=len(listed),
            running=states["RUNNING"],
            paused=states["PAUSED"],
            stopped=states["EXITED"],
            containers=listed[:MAX_CONTAINERS],
            truncated=len(listed) > MAX_CONTAINERS,
        )

    @endpoint(
        "vms",
        name="Virtual machines",
        description=f"Virtual machines running, paused and stopped, and the machines (at most "
        f"{MAX_VMS}, by name) with their state.",
        ttl=30.0,
        min_refresh=10.0,
    )
    async def vms(self, client: UnraidClient) -> UnraidVms:
        from integrations.unraid.client import at_path
        from integrations.unraid.models import VmsData

        data, tolerated = await client.query(VMS_QUERY, VmsData, tolerate=at_path("vms.domains"))
        domains = data.vms.domains if data is not None else None
        if domains is None:
            return UnraidVms(
                available=False,
                unavailable_reason=reason_of(client, tolerated),
                total=0,
                running=0,
                paused=0,
                stopped=0,
                other=0,
                vms=[],
                truncated=False,
            )
        listed = sorted(
            (UnraidVm(name=d.name or "", state=d.state) for d in domains),
            key=lambda v: (v.name.casefold(), v.name),
        )
        running = sum(v.state in VM_RUNNING for v in listed)
        paused = sum(v.state in VM_PAUSED for v in listed)
        stopped = sum(v.state in VM_STOPPED for v in listed)
        return UnraidVms(
            available=True,
            total=len(listed),
            running=running,
            paused=paused,
            stopped=stopped,
            other=len(listed) - running - paused - stopped,
            vms=listed[:MAX_VMS],
            truncated=len(listed) > MAX_VMS,
        )


def reason_of(client: UnraidClient, errors: list[GraphQLError]) -> str | None:
    return client.detail(errors[0].message) if errors and errors[0].message else None
