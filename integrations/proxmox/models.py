"""The parts of Proxmox VE's API answers Tilewire reads (the envelope, version and ticket are
the Proxmox family's, ``integrations.families.proxmox.models``)."""

from __future__ import annotations

from integrations.base import UpstreamModel

# --- upstream --------------------------------------------------------------------------------


class Resource(UpstreamModel):
    """One entry of ``GET /cluster/resources``; most fields exist only for some types."""

    id: str
    type: str
    """node, storage, pool, qemu, lxc, openvz, sdn (and network in 9.x)."""
    status: str | None = None
    """Nodes: online, offline, unknown. Guests: running, stopped, unknown."""
    name: str | None = None
    node: str | None = None
    vmid: int | None = None
    template: bool = False
    cpu: float | None = None
    """Fraction (0-1) of ``maxcpu``; absent for offline nodes and without Sys.Audit."""
    maxcpu: float | None = None
    mem: int | None = None
    maxmem: int | None = None
    uptime: int | None = None


class NodeEntry(UpstreamModel):
    """One entry of ``GET /nodes``."""

    node: str
    status: str = "unknown"


class CpuInfo(UpstreamModel):
    cpus: int | None = None
    """Logical threads."""
    model: str | None = None


class Memory(UpstreamModel):
    total: int
    used: int


class RootFs(UpstreamModel):
    total: int
    used: int


class NodeStatus(UpstreamModel):
    """``GET /nodes/{node}/status``."""

    cpu: float
    """Fraction (0-1) busy over all threads."""
    cpuinfo: CpuInfo = CpuInfo()
    memory: Memory
    loadavg: list[float] = []
    """1, 5 and 15 minutes (strings on the wire)."""
    uptime: float | None = None
    rootfs: RootFs | None = None
    pveversion: str | None = None
