"""Proxmox Backup Server: datastores' usage and fill estimate, the server's resources as
SystemResources, and failed and running tasks."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from pydantic import Field

from integrations.base import together
from integrations.capabilities import DiskUsage, Payload, SystemResources
from integrations.config import UsernamePassword
from integrations.families.proxmox.definition import ProxmoxApiToken
from integrations.types import Integration, ServiceInfo, endpoint

if TYPE_CHECKING:  # for annotations; a function imports what it runs with, on first use
    from integrations.proxmoxbackup.client import ProxmoxBackupClient
    from integrations.proxmoxbackup.models import DatastoreUsage, NodeStatus, Task

NODE = "localhost"
"""Proxmox Backup Server answers for itself under this node name."""
MAX_DATASTORES = 32
MAX_TASKS = 10
TASKS_SINCE = 24 * 3600
TASKS_FETCHED = 100


class ProxmoxBackupDatastore(Payload):
    name: str
    used_bytes: int | None = None
    total_bytes: int | None = None
    available_bytes: int | None = None
    used_percent: float | None = Field(None, description="0-100")
    estimated_full: datetime | None = Field(
        None, description="when it will be full at the last month's rate; null when not growing"
    )
    error: str | None = Field(None, description="why the datastore could not be read")


class ProxmoxBackupDatastores(Payload):
    """The datastores the user may see, fullest first."""

    used_bytes: int = Field(description="over every datastore read")
    total_bytes: int
    datastores: list[ProxmoxBackupDatastore]


class ProxmoxBackupTask(Payload):
    type: str = Field(description="backup, verify, garbage_collection, prune, sync, ...")
    target: str | None = Field(None, description="what it worked on (datastore, group, job)")
    user: str | None = None
    started: datetime
    ended: datetime | None = None
    status: str | None = Field(None, description="the error, for a failed task")


class ProxmoxBackupTasks(Payload):
    """Tasks of the last 24 hours: how many failed and which, and how many run now."""

    failed: int = Field(description="tasks that failed in the last 24 hours (at most 100 counted)")
    running: int
    latest_failures: list[ProxmoxBackupTask] = Field(description="newest first (at most 10)")


def datastore_of(store: DatastoreUsage, now: float) -> ProxmoxBackupDatastore:
    percent = None
    if store.total and store.used is not None:
        percent = round(store.used / store.total * 100, 2)
    full = store.estimated_full_date
    return ProxmoxBackupDatastore(
        name=store.store,
        used_bytes=store.used,
        total_bytes=store.total,
        available_bytes=store.avail if store.avail is not None and store.avail >= 0 else None,
        used_percent=percent,
        estimated_full=datetime.fromtimestamp(full, UTC) if full and full > now else None,
        error=store.error or None,
    )


def system_of(status: NodeStatus) -> SystemResources:
    memory, root = status.memory, status.root
    load = [*status.loadavg, None, None, None][:3]
    disks = []
    if root is not None and root.total > 0:
        disks.append(
            DiskUsage(
                mount="/",
                used=root.used,
                total=root.total,
                percent=round(root.used / root.total * 100, 2),
            )
        )
    return SystemResources(
        hostname=None,
        cpu_percent=round(status.cpu * 100, 2),
        memory_used=memory.used,
        memory_total=memory.total,
        memory_percent=round(memory.used / memory.total * 100, 2) if memory.total else 0.0,
        load1=load[0],
        load5=load[1],
        load15=load[2],
        uptime_seconds=status.uptime,
        disks=disks,
    )


def task_of(task: Task) -> ProxmoxBackupTask:
    return ProxmoxBackupTask(
        type=task.worker_type,
        target=task.worker_id or None,
        user=task.user or None,
        started=datetime.fromtimestamp(task.starttime, UTC),
        ended=datetime.fromtimestamp(task.endtime, UTC) if task.endtime else None,
        status=task.status,
    )


class ProxmoxBackup(Integration["ProxmoxBackupClient"]):
    """A Proxmox Backup Server (a single node: ``localhost``)."""

    id = "proxmoxbackup"
    name = "Proxmox Backup Server"
    icon = "proxmox"
    categories = ("storage", "backup")
    docs_url = "https://pbs.proxmox.com/docs/api-viewer/index.html"
    verification = "Built from the Proxmox Backup Server API documentation, version 3.2"
    default_port = 8007
    credentials = (ProxmoxApiToken, UsernamePassword)
    client_class = "integrations.proxmoxbackup.client:ProxmoxBackupClient"

    async def test_connection(self, client: ProxmoxBackupClient) -> ServiceInfo:
        from integrations.families.proxmox.models import Version

        version = await client.api("version", Version)
        return ServiceInfo.of(version.version, {"release": version.release})

    @endpoint(
        "datastores",
        name="Datastores",
        description="Each datastore's used, total and available bytes and when it will be full "
        "at the last month's rate, fullest first.",
        ttl=60.0,
        min_refresh=15.0,
    )
    async def datastores(self, client: ProxmoxBackupClient) -> ProxmoxBackupDatastores:
        from integrations.proxmoxbackup.models import DatastoreUsage

        found = await client.api("status/datastore-usage", list[DatastoreUsage])
        now = time.time()
        stores = sorted(
            (datastore_of(store, now) for store in found),
            key=lambda s: (-(s.used_percent or 0.0), s.name),
        )
        return ProxmoxBackupDatastores(
            used_bytes=sum(s.used_bytes or 0 for s in stores),
            total_bytes=sum(s.total_bytes or 0 for s in stores),
            datastores=stores[:MAX_DATASTORES],
        )

    @endpoint(
        "node",
        name="Node",
        description="CPU, memory, load average, root disk and uptime of the server.",
        ttl=10.0,
        min_refresh=5.0,
    )
    async def node(self, client: ProxmoxBackupClient) -> SystemResources:
        from integrations.proxmoxbackup.models import NodeStatus

        return system_of(await client.api(f"nodes/{NODE}/status", NodeStatus))

    @endpoint(
        "tasks",
        name="Tasks",
        description="How many tasks failed in the last 24 hours, the latest of them with their "
        "error, and how many run now.",
        ttl=60.0,
        min_refresh=15.0,
    )
    async def tasks(self, client: ProxmoxBackupClient) -> ProxmoxBackupTasks:
        from integrations.proxmoxbackup.models import Task

        since = str(int(time.time()) - TASKS_SINCE)
        limit = str(TASKS_FETCHED)
        failed, running = await together(
            client.api(
                f"nodes/{NODE}/tasks",
                list[Task],
                params={"errors": "1", "since": since, "limit": limit},
            ),
            client.api(f"nodes/{NODE}/tasks", list[Task], params={"running": "1", "limit": limit}),
        )
        latest = sorted(failed, key=lambda t: t.starttime, reverse=True)[:MAX_TASKS]
        return ProxmoxBackupTasks(
            failed=len(failed),
            running=len(running),
            latest_failures=[task_of(t) for t in latest],
        )
