"""NZBGet: download status and the queue, as the shared download-client payloads."""

from __future__ import annotations

from typing import TYPE_CHECKING

from integrations.actions import ActionResult, ItemInput, NoInput, action
from integrations.base import together
from integrations.capabilities import (
    MAX_QUEUE_ITEMS,
    DownloadClientStatus,
    DownloadItem,
    DownloadQueue,
    DownloadState,
)
from integrations.config import NoCredentials, UsernamePassword, field
from integrations.errors import ErrorCode, IntegrationError
from integrations.types import Integration, ServiceInfo, endpoint

if TYPE_CHECKING:  # for annotations; a function imports what it runs with, on first use
    from integrations.nzbget.client import NZBGetClient
    from integrations.nzbget.models import NZBGetGroup, NZBGetStatus

# listgroups ``Status`` (NZBGet 21; QS_* are queue scripts, the rest after PP_QUEUED are the
# post-processing stages the web UI shows as CHECKING, REPAIRING, UNPACKING, ...).
STATES: dict[str, DownloadState] = {
    "QUEUED": DownloadState.QUEUED,
    "PAUSED": DownloadState.PAUSED,
    "DOWNLOADING": DownloadState.DOWNLOADING,
    "FETCHING": DownloadState.DOWNLOADING,
    "QS_QUEUED": DownloadState.CHECKING,
    "QS_EXECUTING": DownloadState.CHECKING,
    "PP_QUEUED": DownloadState.CHECKING,
    "LOADING_PARS": DownloadState.CHECKING,
    "VERIFYING_SOURCES": DownloadState.CHECKING,
    "REPAIRING": DownloadState.CHECKING,
    "VERIFYING_REPAIRED": DownloadState.CHECKING,
    "RENAMING": DownloadState.CHECKING,
    "UNPACKING": DownloadState.CHECKING,
    "MOVING": DownloadState.CHECKING,
    "EXECUTING_SCRIPT": DownloadState.CHECKING,
    "PP_FINISHED": DownloadState.COMPLETED,
}


class NzbInput(ItemInput):
    """One NZB of the queue, by its NZBID (the queue's item id)."""

    id: str = field(
        "NZB",
        help="The NZB's id (NZBID), as the queue shows it.",
        min_length=1,
        max_length=10,
        pattern=r"^[1-9][0-9]{0,9}$",
    )


def state_of(group_status: str, download_paused: bool = False) -> DownloadState:
    """The shared state of an NZB; while the whole queue is paused a queued NZB is paused."""
    state = STATES.get(group_status, DownloadState.UNKNOWN)
    if state is DownloadState.QUEUED and download_paused:
        return DownloadState.PAUSED
    return state


def item_of(group: NZBGetGroup, status: NZBGetStatus) -> DownloadItem:
    state = state_of(group.status, status.download_paused)
    size, remaining = group.file_size, group.remaining_size
    # NZBGet has no per-NZB rate: like its web UI, the ETA is what is left (less paused files)
    # at the current total rate.
    left = remaining - group.paused_size
    eta = None
    if state is DownloadState.DOWNLOADING and status.download_rate > 0 and left > 0:
        eta = left // status.download_rate
    return DownloadItem(
        id=str(group.nzb_id),
        name=group.nzb_name,
        state=state,
        progress=min(max((size - remaining) / size, 0.0), 1.0) if size > 0 else 0.0,
        size=size,
        eta_seconds=eta,
        category=group.category or None,
    )


class NZBGet(Integration["NZBGetClient"]):
    id = "nzbget"
    name = "NZBGet"
    icon = "nzbget"
    categories = ("downloads", "usenet")
    docs_url = "https://nzbget.net/api/"
    verification = "Verified against a running NZBGet 21.0"
    default_port = 6789
    credentials = (UsernamePassword, NoCredentials)
    client_class = "integrations.nzbget.client:NZBGetClient"

    async def test_connection(self, client: NZBGetClient) -> ServiceInfo:
        # /jsonrpc/version answers 401 without the right credentials, so it proves them too.
        return ServiceInfo(version=await client.version())

    async def _status_and_groups(
        self, client: NZBGetClient
    ) -> tuple[NZBGetStatus, list[NZBGetGroup]]:
        from integrations.nzbget.models import NZBGET_GROUPS, NZBGetStatus

        return await together(
            client.rpc("status", [], NZBGetStatus),
            client.rpc("listgroups", [0], NZBGET_GROUPS),
        )

    @endpoint(
        "status",
        name="Status",
        description="Download speed and limit, free disk space and NZB counts by state.",
        ttl=5.0,
        min_refresh=2.0,
    )
    async def status(self, client: NZBGetClient) -> DownloadClientStatus:
        (status, groups), version = await together(
            self._status_and_groups(client), client.version()
        )
        return DownloadClientStatus.from_states(
            (state_of(group.status, status.download_paused) for group in groups),
            download_speed=status.download_rate,
            upload_speed=0,
            download_limit=status.download_limit or None,
            free_space=status.free_disk_space,
            version=version,
        )

    @endpoint(
        "queue",
        name="Queue",
        description=f"The NZBs in the queue, active first, in queue order (at most "
        f"{MAX_QUEUE_ITEMS}).",
        ttl=10.0,
        min_refresh=5.0,
    )
    async def queue(self, client: NZBGetClient) -> DownloadQueue:
        status, groups = await self._status_and_groups(client)
        return DownloadQueue.of(item_of(group, status) for group in groups)

    # --- actions ------------------------------------------------------------------------------
    # NZBGet has one download rate limit (setdownloadrate) and no alternative speed mode to
    # switch on and off, so there is no altSpeedOn/altSpeedOff (docs/notes/nzbget.md).

    @action(
        "pauseAll",
        label="Pause all",
        description="Pauses the download queue (pausedownload); post-processing goes on.",
        affects=("status", "queue"),
    )
    async def pause_all(self, client: NZBGetClient, input: NoInput) -> ActionResult:
        await self._call(client, "pausedownload", [], "pause the download queue")
        return ActionResult(message="Paused the download queue")

    @action(
        "resumeAll",
        label="Resume all",
        description="Resumes the download queue (resumedownload).",
        affects=("status", "queue"),
    )
    async def resume_all(self, client: NZBGetClient, input: NoInput) -> ActionResult:
        await self._call(client, "resumedownload", [], "resume the download queue")
        return ActionResult(message="Resumed the download queue")

    @action(
        "pauseItem",
        label="Pause NZB",
        description="Pauses one NZB of the queue (editqueue GroupPause).",
        input=NzbInput,
        affects=("status", "queue"),
    )
    async def pause_item(self, client: NZBGetClient, input: NzbInput) -> ActionResult:
        await self._edit(client, "GroupPause", input.id, "pause")
        return ActionResult(message=f"Paused NZB {input.id}", affected=1)

    @action(
        "resumeItem",
        label="Resume NZB",
        description="Resumes one paused NZB of the queue (editqueue GroupResume).",
        input=NzbInput,
        affects=("status", "queue"),
    )
    async def resume_item(self, client: NZBGetClient, input: NzbInput) -> ActionResult:
        await self._edit(client, "GroupResume", input.id, "resume")
        return ActionResult(message=f"Resumed NZB {input.id}", affected=1)

    @staticmethod
    async def _call(client: NZBGetClient, method: str, params: list[object], what: str) -> None:
        if not await client.rpc(method, params, bool):
            raise IntegrationError(
                ErrorCode.UPSTREAM_ERROR, f"NZBGet did not {what} ({method} answered false)"
            )

    @staticmethod
    async def _edit(client: NZBGetClient, command: str, nzb_id: str, verb: str) -> None:
        # NZBGet 18+ signature: editqueue(Command, Param, IDs); false when no NZB has the id.
        if not await client.rpc("editqueue", [command, "", [int(nzb_id)]], bool):
            raise IntegrationError(
                ErrorCode.NOT_FOUND,
                f"NZBGet has no NZB {nzb_id} in its queue to {verb} (editqueue answered false)",
            )
