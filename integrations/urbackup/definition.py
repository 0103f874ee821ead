"""UrBackup Server: its clients' file and image backup state and the processes running now,
summed up, and the clients one by one with the age of their last backups."""

from __future__ import annotations

import html
import logging
import re
import time
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Literal

from pydantic import Field

from integrations.base import together
from integrations.capabilities import Payload
from integrations.config import Credentials, Secret, field
from integrations.errors import IntegrationError
from integrations.types import Integration, ServiceInfo, endpoint

if TYPE_CHECKING:  # for annotations; a function imports what it runs with, on first use
    from integrations.urbackup.client import UrBackupClient
    from integrations.urbackup.models import ClientStatus, Process, Status, Usage

logger = logging.getLogger(__name__)

MAX_CLIENTS = 50
MAX_PROCESSES = 50

clock = time.time
"""Now, in epoch seconds (the ages are counted from it; tests set it)."""

ACTIONS = {
    1: "Incremental file backup",
    2: "Full file backup",
    3: "Incremental image backup",
    4: "Full image backup",
    5: "Resumed incremental file backup",
    6: "Resumed full file backup",
    7: "CDP sync",
    8: "File restore",
    9: "Image restore",
    10: "Client update",
    11: "Checking database integrity",
    12: "Backing up database",
    13: "Recalculating statistics",
    14: "Nightly clean-up",
    15: "Emergency clean-up",
    16: "Storage migration",
    17: "Start-up recovery",
}
"""UrBackup's process actions (``SStatusAction`` in urbackupserver/server_status.h), named as
its web interface names them (``action_<n>`` in its English translation)."""

VERSION_IN_FOOTER = re.compile(r"UrBackup (\d[\w.\-]{0,30}) \|")
"""The running server's version in the web interface page's footer (``UrBackup $version_short$
|``), which the server's build writes in (build/replace_versions.py)."""
VERSION_IN_ABOUT = re.compile(r'id="server_version_full"[^>]*>\s*([^<]{1,80}?)\s*<')
"""The same page's hidden ``$version_full$``: ``<full> Rev. <commit>``."""
REVISION = " Rev. "


FileState = Literal["ok", "okWithIssues", "noBackupPaths", "failed", "never", "disabled"]
ImageState = Literal["ok", "failed", "never", "disabled", "notSupported"]


class UrBackupAccount(Credentials):
    """A user of UrBackup's web interface."""

    label = "Username and password"
    type: Literal["usernamePassword"] = "usernamePassword"
    username: str = field(
        "Username",
        min_length=1,
        max_length=256,
        help="A web interface user (Settings > Users). It needs the status right; the progress "
        "and statistics rights add running processes and storage use.",
    )
    password: Secret = field("Password", min_length=1, max_length=1024)


class UrBackupAnonymous(Credentials):
    """No account: for a server on which no web interface user exists (anyone may log in)."""

    label = "None: the server has no user account"
    type: Literal["none"] = "none"


class UrBackupCounts(Payload):
    """How many clients are in each backup state, for one kind of backup (file or image)."""

    ok: int = Field(description="clients with a recent enough backup (per their interval)")
    failed: int = Field(
        description="clients with backups but none recent enough (the last ones failed or did "
        "not run), or, for file backups, without backup paths"
    )
    never: int = Field(description="clients never backed up")
    disabled: int = Field(
        description="clients whose backups of this kind are disabled (or, for images, not "
        "supported by the client)"
    )


class UrBackupProcess(Payload):
    """A backup, restore or server task running now."""

    client: str | None = Field(None, description="the client's name; null for a server task")
    action: str = Field(description="what runs, e.g. Incremental file backup")
    percent: int | None = Field(None, description="0-100; null while UrBackup does not know")
    done_bytes: int | None = Field(None, description="bytes transferred so far")
    total_bytes: int | None = Field(None, description="bytes to transfer; null while unknown")
    eta_seconds: int | None = Field(None, description="seconds left; null while unknown")
    speed_bytes_per_second: float | None = Field(None, description="current transfer speed")
    paused: bool = False
    details: str | None = Field(None, description="e.g. the volume of an image backup")


class UrBackupStatus(Payload):
    """The clients' backup state summed up, and the processes running now."""

    clients: int = Field(
        description="clients of the server (those pending removal and unaccepted ones left out)"
    )
    online: int = Field(description="of them, connected now")
    file_backups: UrBackupCounts
    image_backups: UrBackupCounts
    pending_removal: int = Field(description="clients to be removed, counted nowhere else")
    processes: list[UrBackupProcess] = Field(
        description=f"running processes (at most {MAX_PROCESSES}); empty without the progress right"
    )
    processes_total: int = Field(description="all running processes")
    storage_used_bytes: float | None = Field(
        None, description="backup storage used by all clients; null without the statistics right"
    )
    problems: list[str] = Field(
        description="what the server reports wrong with itself (storage full, database "
        "errors); administrators only"
    )


class UrBackupClientInfo(Payload):
    """One client and the state of its backups."""

    name: str
    group: str | None = Field(None, description="the client's group; null for the default")
    online: bool
    os: str | None = Field(None, description="the client's operating system, as it reports it")
    client_version: str | None = None
    file_state: FileState = Field(
        description="ok, okWithIssues (the last one completed with issues), noBackupPaths, "
        "failed (no recent backup), never, disabled"
    )
    file_ok: bool = Field(description="UrBackup's own verdict: a recent enough file backup")
    last_file_backup: datetime | None = Field(None, description="null: never")
    last_file_backup_age_seconds: int | None = Field(
        None, description="seconds since the last file backup, when fetched; null: never"
    )
    image_state: ImageState = Field(
        description="ok, failed (no recent backup), never, disabled, notSupported"
    )
    image_ok: bool = Field(description="UrBackup's own verdict: a recent enough image backup")
    last_image_backup: datetime | None = Field(None, description="null: never")
    last_image_backup_age_seconds: int | None = Field(
        None, description="seconds since the last image backup, when fetched; null: never"
    )
    running: str | None = Field(None, description="the process running for it now, if any")
    running_percent: int | None = Field(None, description="0-100, of that process")
    used_bytes: float | None = Field(
        None, description="backup storage it uses; null without the statistics right"
    )
    pending_removal: bool = False


class UrBackupClients(Payload):
    """The clients in UrBackup's order (by name), with their backups' state and age."""

    clients: list[UrBackupClientInfo] = Field(description=f"at most {MAX_CLIENTS}")
    total: int = Field(description="all clients (unaccepted ones left out)")


# --- reading UrBackup's answers ------------------------------------------------------------


def epoch(value: int | str) -> int:
    """A backup time: epoch seconds, 0 for none (``"-"`` for a client not accepted)."""
    return value if isinstance(value, int) and value > 0 else 0


def pending_removal(client: ClientStatus) -> bool:
    return str(client.delete_pending) == "1"


def accepted(clients: Iterable[ClientStatus]) -> list[ClientStatus]:
    return [c for c in clients if not c.rejected]


def file_state(client: ClientStatus, status: Status) -> FileState:
    """As UrBackup's status page says it."""
    if client.no_backup_paths:
        return "noBackupPaths"
    if client.file_ok:
        return "okWithIssues" if client.last_filebackup_issues else "ok"
    if client.file_disabled or status.no_file_backups:
        return "disabled"
    return "failed" if epoch(client.lastbackup) else "never"


def image_state(client: ClientStatus, status: Status) -> ImageState:
    if client.image_not_supported:
        return "notSupported"
    if client.image_ok:
        return "ok"
    if client.image_disabled or status.no_images:
        return "disabled"
    return "failed" if epoch(client.lastbackup_image) else "never"


def counts(states: Iterable[str]) -> UrBackupCounts:
    found = list(states)
    return UrBackupCounts(
        ok=sum(s in ("ok", "okWithIssues") for s in found),
        failed=sum(s in ("failed", "noBackupPaths") for s in found),
        never=found.count("never"),
        disabled=sum(s in ("disabled", "notSupported") for s in found),
    )


def action_name(action: int) -> str:
    return ACTIONS.get(action, f"Action {action}")


def known(value: int) -> int | None:
    """UrBackup's -1 (and other negatives) for "not known yet" as None."""
    return value if value >= 0 else None


def process_of(process: Process) -> UrBackupProcess:
    speed = process.speed_bpms * 1000  # UrBackup counts bytes per millisecond
    return UrBackupProcess(
        client=process.name or None,
        action=action_name(process.action),
        percent=known(process.pcdone),
        done_bytes=known(process.done_bytes),
        total_bytes=known(process.total_bytes),
        eta_seconds=process.eta_ms // 1000 if process.eta_ms > 0 else None,
        speed_bytes_per_second=round(speed, 1) if speed > 0 else None,
        paused=process.paused,
        details=process.details or None,
    )


def problems_of(status: Status) -> list[str]:
    found = []
    if status.nospc_fatal:
        found.append("the backup storage is full and nothing more can be freed")
    elif status.nospc_stalled:
        found.append("the backup storage is full: backups wait for space")
    if status.database_error:
        found.append("the server's database reports an error (corrupt, full or unreadable)")
    return found


def when(seconds: int) -> datetime | None:
    return datetime.fromtimestamp(seconds, UTC) if seconds else None


def age(seconds: int, now: float) -> int | None:
    return max(0, int(now - seconds)) if seconds else None


def client_of(
    client: ClientStatus, status: Status, used: dict[str, float] | None, now: float
) -> UrBackupClientInfo:
    last_file, last_image = epoch(client.lastbackup), epoch(client.lastbackup_image)
    process = client.processes[0] if client.processes else None
    return UrBackupClientInfo(
        name=client.name,
        group=client.groupname or None,
        online=client.online,
        os=client.os_version_string or client.os_simple or None,
        client_version=client.client_version_string or None,
        file_state=file_state(client, status),
        file_ok=client.file_ok,
        last_file_backup=when(last_file),
        last_file_backup_age_seconds=age(last_file, now),
        image_state=image_state(client, status),
        image_ok=client.image_ok,
        last_image_backup=when(last_image),
        last_image_backup_age_seconds=age(last_image, now),
        running=action_name(process.action) if process else None,
        running_percent=known(process.pcdone) if process else None,
        used_bytes=used.get(client.name) if used is not None else None,
        pending_removal=pending_removal(client),
    )


def used_by_client(usage: Usage) -> dict[str, float] | None:
    if usage.usage is None:
        return None
    return {entry.name: entry.used for entry in usage.usage}


def version_in_page(page: str) -> tuple[str | None, str | None]:
    """The running version and build revision from the web interface's page (None where the
    page is not UrBackup's or was not built: ``$version_short$`` left in)."""
    footer, about = VERSION_IN_FOOTER.search(page), VERSION_IN_ABOUT.search(page)
    full = html.unescape(about.group(1)).strip() if about else ""
    if "$" in full:
        full = ""
    version, _, revision = full.partition(REVISION)
    if footer is not None:
        version = footer.group(1)
    return version or None, revision.strip() or None


class UrBackup(Integration["UrBackupClient"]):
    """UrBackup Server, through its web interface's JSON API."""

    id = "urbackup"
    name = "UrBackup"
    icon = "urbackup"
    categories = ("backup",)
    docs_url = "https://github.com/uroni/urbackup-server-python-web-api-wrapper"
    verification = (
        "Built from the UrBackup API documentation, version 2.5.33 (UrBackup Server's web "
        "interface API as its source defines it, uroni/urbackup_backend 2.5.x)"
    )
    default_port = 55414
    credentials = (UrBackupAccount, UrBackupAnonymous)
    client_class = "integrations.urbackup.client:UrBackupClient"

    async def test_connection(self, client: UrBackupClient) -> ServiceInfo:
        from integrations.urbackup.models import Status

        status = await client.action("status", Status)  # logs in: proves the credentials
        version, revision = await self._running_version(client)
        clients = accepted(status.status)
        return ServiceInfo.of(
            version,
            {
                "revision": revision,
                "clients": str(len(clients)),
                "online": str(sum(c.online for c in clients)),
                "admin": "yes" if status.admin else "no",
                "newestVersion": status.curr_version_str,
            },
        )

    async def _running_version(self, client: UrBackupClient) -> tuple[str | None, str | None]:
        """The version and revision the web interface's page shows, when it can be read (best
        effort: the API itself does not say which version runs)."""
        try:
            response = await client.send("GET", "")
        except IntegrationError as err:
            logger.debug("UrBackup's page could not be read for its version: %s", err.code)
            return None, None
        if response.status_code != 200:
            return None, None
        return version_in_page(response.text)

    @endpoint(
        "status",
        name="Status",
        description="Clients and how many are online; how many have a recent, no recent or no "
        f"file and image backup; the running processes (at most {MAX_PROCESSES}) with their "
        "progress; storage used; problems the server reports.",
        ttl=30.0,
        min_refresh=10.0,
    )
    async def status(self, client: UrBackupClient) -> UrBackupStatus:
        from integrations.urbackup.models import Progress, Status, Usage

        status, progress, usage = await together(
            client.action("status", Status),
            client.action("progress", Progress, with_lastacts="0"),
            client.action("usage", Usage),
        )
        listed = accepted(status.status)
        current = [c for c in listed if not pending_removal(c)]
        used = used_by_client(usage)
        return UrBackupStatus(
            clients=len(current),
            online=sum(c.online for c in current),
            file_backups=counts(file_state(c, status) for c in current),
            image_backups=counts(image_state(c, status) for c in current),
            pending_removal=len(listed) - len(current),
            processes=[process_of(p) for p in progress.progress[:MAX_PROCESSES]],
            processes_total=len(progress.progress),
            storage_used_bytes=sum(used.values()) if used is not None else None,
            problems=problems_of(status),
        )

    @endpoint(
        "clients",
        name="Clients",
        description=f"The clients (at most {MAX_CLIENTS}, by name): online or not, the state "
        "and age of their last file and image backups, what runs for them now and the storage "
        "they use.",
        ttl=60.0,
        min_refresh=15.0,
    )
    async def clients(self, client: UrBackupClient) -> UrBackupClients:
        from integrations.urbackup.models import Status, Usage

        status, usage = await together(
            client.action("status", Status), client.action("usage", Usage)
        )
        listed = accepted(status.status)
        used, now = used_by_client(usage), clock()
        return UrBackupClients(
            clients=[client_of(c, status, used, now) for c in listed[:MAX_CLIENTS]],
            total=len(listed),
        )
