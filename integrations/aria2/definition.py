"""aria2: transfer status and the download list, as the shared download-client payloads."""

from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING, Literal

from pydantic import field_validator

from integrations.actions import ActionResult, ItemInput, NoInput, action
from integrations.base import together
from integrations.capabilities import (
    MAX_QUEUE_ITEMS,
    DownloadClientStatus,
    DownloadItem,
    DownloadQueue,
    DownloadState,
)
from integrations.config import ConfigModel, Credentials, NoCredentials, Secret, field
from integrations.types import Integration, ServiceInfo, endpoint

if TYPE_CHECKING:  # for annotations; a function imports what it runs with, on first use
    from integrations.aria2.client import Aria2Client
    from integrations.aria2.models import Download, StatusOnly

DEFAULT_RPC_PATH = "/jsonrpc"
MAX_LISTED = 1000
"""Waiting and stopped downloads asked for per call (aria2 keeps at most
--max-download-result=1000 stopped ones by default)."""
DOWNLOAD_KEYS = (
    "gid",
    "status",
    "totalLength",
    "completedLength",
    "downloadSpeed",
    "uploadSpeed",
    "seeder",
    "dir",
    "files",
    "bittorrent",
)
GID_PATTERN = r"^[0-9A-Fa-f]{16}$"
AFFECTS = ("status", "queue")

# aria2's download statuses (aria2.tellStatus "status"); "removed" downloads are left out.
STATUSES: dict[str, DownloadState] = {
    "active": DownloadState.DOWNLOADING,
    "waiting": DownloadState.QUEUED,
    "paused": DownloadState.PAUSED,
    "error": DownloadState.ERROR,
    "complete": DownloadState.COMPLETED,
}
REMOVED = "removed"


class Aria2Secret(Credentials):
    """The RPC secret token aria2 was started with (``--rpc-secret``)."""

    label = "RPC secret"
    type: Literal["rpcSecret"] = "rpcSecret"
    secret: Secret = field(
        "RPC secret",
        min_length=1,
        max_length=1024,
        help="The value of aria2's --rpc-secret option (rpc-secret= in aria2.conf).",
    )


class Aria2Settings(ConfigModel):
    """Where the JSON-RPC endpoint is, when a proxy serves it under another path."""

    rpc_path: str = field(
        "RPC path",
        default=DEFAULT_RPC_PATH,
        min_length=1,
        max_length=256,
        help="Path of the JSON-RPC endpoint under the URL (aria2 serves /jsonrpc).",
    )

    @field_validator("rpc_path")
    @classmethod
    def _absolute(cls, value: str) -> str:
        return "/" + value.lstrip("/")


class GidInput(ItemInput):
    """One download, by its GID (the ``queue`` endpoint's item id)."""

    id: str = field(
        "Download",
        help="The download's GID (16 hexadecimal digits), as the queue endpoint's item id shows.",
        min_length=16,
        max_length=16,
        pattern=GID_PATTERN,
    )


def state_of(download: StatusOnly) -> DownloadState:
    """aria2's status as a DownloadState: an active BitTorrent download that has everything
    is seeding."""
    if download.status == "active" and download.seeder:
        return DownloadState.SEEDING
    return STATUSES.get(download.status, DownloadState.UNKNOWN)


def name_of(download: Download) -> str:
    """The torrent's name, else the first file's name, else its first URI, else the GID."""
    if download.bittorrent and download.bittorrent.info and download.bittorrent.info.name:
        return download.bittorrent.info.name
    if download.files:
        first = download.files[0]
        if first.path:
            return posixpath.basename(first.path) or first.path
        if first.uris:
            return posixpath.basename(first.uris[0].uri.split("?", 1)[0]) or first.uris[0].uri
    return download.gid


def item_of(download: Download) -> DownloadItem:
    state = state_of(download)
    total, done = download.total_length, download.completed_length
    speed = download.download_speed
    eta = (total - done) // speed if state is DownloadState.DOWNLOADING and speed > 0 else None
    return DownloadItem(
        id=download.gid,
        name=name_of(download)[:512],
        state=state,
        progress=min(done / total, 1.0) if total > 0 else 0.0,
        size=total,
        download_speed=speed,
        upload_speed=download.upload_speed,
        eta_seconds=eta,
    )


class Aria2(Integration["Aria2Client"]):
    id = "aria2"
    name = "aria2"
    icon = "aria2"
    categories = ("downloads", "torrent")
    docs_url = "https://aria2.github.io/manual/en/html/aria2c.html#rpc-interface"
    verification = "Verified against a running aria2 1.36.0"
    default_port = 6800
    credentials = (Aria2Secret, NoCredentials)
    extra = Aria2Settings
    client_class = "integrations.aria2.client:Aria2Client"

    async def test_connection(self, client: Aria2Client) -> ServiceInfo:
        from integrations.aria2.models import GlobalStat, Version

        # getVersion proves the secret; getGlobalStat that this is aria2's RPC
        version, stat = await together(
            client.call("getVersion", Version), client.call("getGlobalStat", GlobalStat)
        )
        return ServiceInfo.of(
            version.version,
            {"active": str(stat.num_active), "waiting": str(stat.num_waiting)},
        )

    @endpoint(
        "status",
        name="Status",
        description="Transfer speeds, the overall speed limits and downloads by state.",
        ttl=5.0,
        min_refresh=2.0,
    )
    async def status(self, client: Aria2Client) -> DownloadClientStatus:
        from pydantic import TypeAdapter

        from integrations.aria2.models import GlobalOption, GlobalStat, StatusOnly, Version

        listed = TypeAdapter(list[StatusOnly])
        keys = ["status", "seeder"]
        (stat, option, version), (active, waiting, stopped) = await together(
            together(
                client.call("getGlobalStat", GlobalStat),
                client.call("getGlobalOption", GlobalOption),
                client.call("getVersion", Version),
            ),
            together(
                client.call("tellActive", listed, [keys]),
                client.call("tellWaiting", listed, [0, MAX_LISTED, keys]),
                client.call("tellStopped", listed, [0, MAX_LISTED, keys]),
            ),
        )
        downloads = [*active, *waiting, *stopped]
        return DownloadClientStatus.from_states(
            (state_of(d) for d in downloads if d.status != REMOVED),
            download_speed=stat.download_speed,
            upload_speed=stat.upload_speed,
            download_limit=option.max_overall_download_limit or None,
            upload_limit=option.max_overall_upload_limit or None,
            version=version.version,
        )

    @endpoint(
        "queue",
        name="Queue",
        description=f"The downloads, active first then the rest (at most {MAX_QUEUE_ITEMS}).",
        ttl=10.0,
        min_refresh=5.0,
    )
    async def queue(self, client: Aria2Client) -> DownloadQueue:
        from pydantic import TypeAdapter

        from integrations.aria2.models import Download

        listed = TypeAdapter(list[Download])
        keys = list(DOWNLOAD_KEYS)
        active, waiting, stopped = await together(
            client.call("tellActive", listed, [keys]),
            client.call("tellWaiting", listed, [0, MAX_LISTED, keys]),
            client.call("tellStopped", listed, [0, MAX_LISTED, keys]),
        )
        return DownloadQueue.of(
            item_of(d) for d in [*active, *waiting, *stopped] if d.status != REMOVED
        )

    @action(
        "pauseAll",
        label="Pause all",
        description="Pauses every active and waiting download (aria2.pauseAll).",
        affects=AFFECTS,
    )
    async def pause_all(self, client: Aria2Client, input: NoInput) -> ActionResult:
        await client.call("pauseAll", str)
        return ActionResult(message="Paused every download")

    @action(
        "resumeAll",
        label="Resume all",
        description="Resumes every paused download (aria2.unpauseAll).",
        affects=AFFECTS,
    )
    async def resume_all(self, client: Aria2Client, input: NoInput) -> ActionResult:
        await client.call("unpauseAll", str)
        return ActionResult(message="Resumed every download")

    @action(
        "pauseItem",
        label="Pause download",
        description="Pauses one download (aria2.pause); NOT_FOUND for an unknown GID.",
        input=GidInput,
        affects=AFFECTS,
    )
    async def pause_item(self, client: Aria2Client, input: GidInput) -> ActionResult:
        gid = await client.call("pause", str, [input.id.lower()])
        return ActionResult(message=f"Paused download {gid}", affected=1)

    @action(
        "resumeItem",
        label="Resume download",
        description="Resumes one paused download (aria2.unpause); NOT_FOUND for an unknown GID.",
        input=GidInput,
        affects=AFFECTS,
    )
    async def resume_item(self, client: Aria2Client, input: GidInput) -> ActionResult:
        gid = await client.call("unpause", str, [input.id.lower()])
        return ActionResult(message=f"Resumed download {gid}", affected=1)
