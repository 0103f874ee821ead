"""Proxmox VE: a cluster's nodes and guests, and one node's resources as SystemResources."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Literal

from pydantic import Field

from integrations.actions import ActionInput, ActionResult, action
from integrations.capabilities import DiskUsage, Payload, SystemResources
from integrations.config import ConfigModel, UsernamePassword, field
from integrations.errors import ErrorCode, IntegrationError
from integrations.families.proxmox.definition import ProxmoxApiToken
from integrations.types import Integration, ServiceInfo, endpoint

if TYPE_CHECKING:  # for annotations; a function imports what it runs with, on first use
    from integrations.proxmox.client import ProxmoxClient
    from integrations.proxmox.models import NodeStatus, Resource

MAX_GUESTS = 20
GUEST_TYPES = ("qemu", "lxc")
RUNNING = "running"
STOPPED = "stopped"
ONLINE = "online"


class ProxmoxSettings(ConfigModel):
    """Which node the ``node`` endpoint describes."""

    node: str | None = field(
        "Node",
        default=None,
        help="The node whose CPU, memory and load to show; empty for the first online node "
        "by name.",
    )


NODE_NAME_PATTERN = r"^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$"
"""A Proxmox node name: a host name label (no dot, slash or scheme)."""
POWER_PRIVILEGE = "VM.PowerMgmt"
GUEST_WORDS = {"qemu": "VM", "lxc": "container"}
PERMISSION_CHECK = re.compile(r"Permission check failed \([^()]*\)")
"""Proxmox's own words for a missing privilege: ``Permission check failed (/vms/100, ...)``."""


class GuestInput(ActionInput):
    """One VM or container, by its node, kind and id (as the resources endpoint lists it)."""

    node: str = field(
        "Node", help="The node the guest runs on, e.g. pve1.", pattern=NODE_NAME_PATTERN
    )
    kind: Literal["qemu", "lxc"] = field(
        "Kind", help="qemu for a virtual machine, lxc for a container."
    )
    vmid: int = field("VM ID", help="The guest's id, e.g. 100.", ge=100, le=999_999_999)


class ProxmoxNode(Payload):
    name: str
    status: str = Field(description="online, offline or unknown")
    cpu_percent: float | None = Field(description="0-100; None when offline or not allowed")
    memory_used: int | None = Field(description="bytes")
    memory_total: int | None = Field(description="bytes")
    uptime_seconds: int | None = None


class ProxmoxGuest(Payload):
    vmid: int
    name: str
    type: str = Field(description="qemu (a VM) or lxc (a container)")
    node: str | None = None
    status: str = Field(description="running, stopped or unknown")
    cpu_percent: float | None = Field(description="0-100 of the CPUs given to the guest")
    memory_used: int | None = Field(description="bytes")
    memory_total: int | None = Field(description="bytes")
    uptime_seconds: int | None = None


class ProxmoxResources(Payload):
    """A cluster at a glance: every node, guest counts, and the busiest guests."""

    nodes: list[ProxmoxNode] = Field(description="by name")
    nodes_online: int
    vms_running: int
    vms_stopped: int
    vms_total: int = Field(description="VMs, templates excluded")
    containers_running: int
    containers_stopped: int
    containers_total: int = Field(description="containers, templates excluded")
    guests: list[ProxmoxGuest] = Field(description="the busiest guests first, at most 20")


def percent(fraction: float | None) -> float | None:
    return None if fraction is None else round(fraction * 100, 2)


def node_of(resource: Resource) -> ProxmoxNode:
    return ProxmoxNode(
        name=resource.node or resource.id.removeprefix("node/"),
        status=resource.status or "unknown",
        cpu_percent=percent(resource.cpu),
        memory_used=resource.mem,
        memory_total=resource.maxmem or None,
        uptime_seconds=resource.uptime,
    )


def guest_of(resource: Resource) -> ProxmoxGuest:
    vmid = resource.vmid if resource.vmid is not None else 0
    return ProxmoxGuest(
        vmid=vmid,
        name=resource.name or f"{resource.type}/{vmid}",
        type=resource.type,
        node=resource.node,
        status=resource.status or "unknown",
        cpu_percent=percent(resource.cpu),
        memory_used=resource.mem,
        memory_total=resource.maxmem or None,
        uptime_seconds=resource.uptime,
    )


def busiest(guest: ProxmoxGuest) -> tuple[bool, float, int, int]:
    """Running guests first, then by CPU, then by memory, then by VM id."""
    cpu, memory = guest.cpu_percent or 0.0, guest.memory_used or 0
    return (guest.status != RUNNING, -cpu, -memory, guest.vmid)


def resources_of(resources: list[Resource]) -> ProxmoxResources:
    nodes = sorted((node_of(r) for r in resources if r.type == "node"), key=lambda node: node.name)
    guests = [guest_of(r) for r in resources if r.type in GUEST_TYPES and not r.template]
    vms = [g for g in guests if g.type == "qemu"]
    containers = [g for g in guests if g.type == "lxc"]
    return ProxmoxResources(
        nodes=nodes,
        nodes_online=sum(node.status == ONLINE for node in nodes),
        vms_running=sum(g.status == RUNNING for g in vms),
        vms_stopped=sum(g.status == STOPPED for g in vms),
        vms_total=len(vms),
        containers_running=sum(g.status == RUNNING for g in containers),
        containers_stopped=sum(g.status == STOPPED for g in containers),
        containers_total=len(containers),
        guests=sorted(guests, key=busiest)[:MAX_GUESTS],
    )


def system_of(name: str, status: NodeStatus) -> SystemResources:
    memory = status.memory
    load = [*status.loadavg, None, None, None][:3]
    rootfs = status.rootfs
    disks = []
    if rootfs is not None and rootfs.total > 0:
        disks.append(
            DiskUsage(
                mount="/",
                used=rootfs.used,
                total=rootfs.total,
                percent=round(rootfs.used / rootfs.total * 100, 2),
            )
        )
    return SystemResources(
        hostname=name,
        cpu_percent=round(status.cpu * 100, 2),
        cpu_count=status.cpuinfo.cpus,
        memory_used=memory.used,
        memory_total=memory.total,
        memory_percent=round(memory.used / memory.total * 100, 2) if memory.total else 0.0,
        load1=load[0],
        load5=load[1],
        load15=load[2],
        uptime_seconds=int(status.uptime) if status.uptime is not None else None,
        disks=disks,
    )


class Proxmox(Integration["ProxmoxClient"]):
    """A Proxmox VE node or cluster (any node answers for the whole cluster)."""

    id = "proxmox"
    name = "Proxmox VE"
    icon = "proxmox"
    categories = ("virtualization", "system")
    docs_url = "https://pve.proxmox.com/pve-docs/api-viewer/"
    verification = "Built from the Proxmox VE API documentation, version 8"
    default_port = 8006
    credentials = (ProxmoxApiToken, UsernamePassword)
    extra = ProxmoxSettings
    client_class = "integrations.proxmox.client:ProxmoxClient"

    async def test_connection(self, client: ProxmoxClient) -> ServiceInfo:
        from integrations.families.proxmox.models import Version

        # /version needs an authenticated user: it proves the token or the password.
        version = await client.api("version", Version)
        details = {"release": version.release, "repoid": version.repoid}
        return ServiceInfo.of(version.version, details)

    @endpoint(
        "resources",
        name="Cluster resources",
        description="Every node's status, CPU, memory and uptime; VM and container counts by "
        f"state; the {MAX_GUESTS} busiest guests.",
        ttl=15.0,
        min_refresh=5.0,
    )
    async def resources(self, client: ProxmoxClient) -> ProxmoxResources:
        from integrations.proxmox.models import Resource

        return resources_of(await client.api("cluster/resources", list[Resource]))

    @endpoint(
        "node",
        name="Node",
        description="CPU, memory, load average, root disk and uptime of one node (the one "
        "configured, or the first online one).",
        ttl=10.0,
        min_refresh=5.0,
    )
    async def node(self, client: ProxmoxClient) -> SystemResources:
        from integrations.proxmox.models import NodeStatus

        settings = client.config.extra
        configured = settings.node if isinstance(settings, ProxmoxSettings) else None
        name = configured or await self._first_node(client)
        try:
            status = await client.api(f"nodes/{name}/status", NodeStatus)
        except IntegrationError as err:
            if configured and err.code in (ErrorCode.NOT_FOUND, ErrorCode.UPSTREAM_ERROR):
                await self._check_exists(client, configured)
            raise
        return system_of(name, status)

    async def _first_node(self, client: ProxmoxClient) -> str:
        from integrations.proxmox.models import NodeEntry

        nodes = sorted(
            await client.api("nodes", list[NodeEntry]), key=lambda n: (n.status != ONLINE, n.node)
        )
        if not nodes:
            raise IntegrationError(ErrorCode.NOT_FOUND, "this Proxmox VE lists no nodes")
        return nodes[0].node

    async def _check_exists(self, client: ProxmoxClient, name: str) -> None:
        from integrations.proxmox.models import NodeEntry

        names = sorted(n.node for n in await client.api("nodes", list[NodeEntry]))
        if name not in names:
            raise IntegrationError(
                ErrorCode.NOT_FOUND,
                f"no node named {name!r} in this cluster (nodes: {', '.join(names) or 'none'})",
            )

    # --- actions ------------------------------------------------------------------------------
    # POST /nodes/{node}/{qemu|lxc}/{vmid}/status/{command}: each needs VM.PowerMgmt on
    # /vms/{vmid} and answers at once with the UPID of the task that does it.

    @action(
        "start",
        label="Start",
        description="Starts a VM or container (status/start).",
        input=GuestInput,
        affects=("resources",),
    )
    async def start(self, client: ProxmoxClient, input: GuestInput) -> ActionResult:
        return await self._power(client, input, "start")

    @action(
        "shutdown",
        label="Shut down",
        description="Asks a VM's guest OS or a container to shut down cleanly (status/shutdown).",
        input=GuestInput,
        affects=("resources",),
        destructive=True,
    )
    async def shutdown(self, client: ProxmoxClient, input: GuestInput) -> ActionResult:
        return await self._power(client, input, "shutdown")

    @action(
        "stop",
        label="Stop",
        description="Stops a VM or container at once, like pulling the plug (status/stop).",
        input=GuestInput,
        affects=("resources",),
        destructive=True,
    )
    async def stop(self, client: ProxmoxClient, input: GuestInput) -> ActionResult:
        return await self._power(client, input, "stop")

    @action(
        "reboot",
        label="Reboot",
        description="Reboots a VM or container cleanly (status/reboot).",
        input=GuestInput,
        affects=("resources",),
        destructive=True,
    )
    async def reboot(self, client: ProxmoxClient, input: GuestInput) -> ActionResult:
        return await self._power(client, input, "reboot")

    @staticmethod
    async def _power(client: ProxmoxClient, guest: GuestInput, command: str) -> ActionResult:
        what = f"{GUEST_WORDS[guest.kind]} {guest.vmid} on {guest.node}"
        path = f"nodes/{guest.node}/{guest.kind}/{guest.vmid}/status/{command}"
        try:
            upid = await client.post(path, str)
        except IntegrationError as err:
            raise power_error(err, command, what, guest.vmid) from err
        return ActionResult(message=f"Proxmox VE is running {command} of {what} (task {upid})")


def power_error(err: IntegrationError, command: str, what: str, vmid: int) -> IntegrationError:
    """A refusal of a power command in its own words: the privilege a 403 lacks, a guest
    that does not exist."""
    if err.code is ErrorCode.FORBIDDEN:
        said = PERMISSION_CHECK.search(err.message)
        return IntegrationError(
            ErrorCode.FORBIDDEN,
            f"Proxmox VE refused to {command} {what}: the user or token needs the "
            f"{POWER_PRIVILEGE} privilege on /vms/{vmid} (the PVEVMUser role has it; a "
            "privilege-separated token needs its own)" + (f" ({said[0]})" if said else ""),
            status=err.status,
            url=err.url,
        )
    if err.code is ErrorCode.UPSTREAM_ERROR and "does not exist" in err.message:
        # pve-manager dies with "Configuration file '...' does not exist" (HTTP 500)
        return IntegrationError(
            ErrorCode.NOT_FOUND,
            f"Proxmox VE has no {what}: {err.message}",
            status=err.status,
            url=err.url,
        )
    return err
