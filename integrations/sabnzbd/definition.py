"""SABnzbd: queue status and the job list, as the shared download-client payloads."""

from __future__ import annotations

import itertools
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
from integrations.config import ApiKey
from integrations.errors import ErrorCode, IntegrationError
from integrations.types import Integration, ServiceInfo, endpoint

if TYPE_CHECKING:  # for annotations; a function imports what it runs with, on first use
    from integrations.sabnzbd.client import SabnzbdClient
    from integrations.sabnzbd.models import Done, QueueSlot

KIB = 1024
MIB = 1024**2
GIB = 1024**3
HISTORY_PAGE = 20
"""History jobs read to count those still in post-processing (they come first)."""

STATES: dict[str, DownloadState] = {
    "Downloading": DownloadState.DOWNLOADING,
    "Fetching": DownloadState.DOWNLOADING,  # extra par2 files
    "Queued": DownloadState.QUEUED,
    "Grabbing": DownloadState.QUEUED,  # fetching the NZB itself from a URL
    "Propagating": DownloadState.QUEUED,  # held back by the propagation delay
    "Paused": DownloadState.PAUSED,
    "Checking": DownloadState.CHECKING,
}


def state_of(sabnzbd_status: str) -> DownloadState:
    """A queue job's state; SABnzbd lists every job it would download as "Downloading"."""
    return STATES.get(sabnzbd_status, DownloadState.UNKNOWN)


def seconds_of(timeleft: str) -> int | None:
    """``[D:]H:MM:SS`` as seconds; None when it is not that or zero (nothing downloading)."""
    total = 0
    for part, unit in zip(reversed(timeleft.split(":")), (1, 60, 3600, 86400), strict=False):
        if not part.isdigit():
            return None
        total += int(part) * unit
    return total or None


def applied(mode: str, answer: Done) -> None:
    """Raise unless SABnzbd says it applied ``mode`` (``{"status": true}``)."""
    if not answer.status:
        raise IntegrationError(ErrorCode.UPSTREAM_ERROR, f"SABnzbd did not apply mode={mode}")


def item_of(slot: QueueSlot) -> DownloadItem:
    state = state_of(slot.status)
    done = max(slot.mb - slot.mbleft, 0.0)
    return DownloadItem(
        id=slot.nzo_id,
        name=slot.filename,
        state=state,
        progress=min(done / slot.mb, 1.0) if slot.mb > 0 else 0.0,
        size=round(slot.mb * MIB),
        eta_seconds=seconds_of(slot.timeleft) if state is DownloadState.DOWNLOADING else None,
        category=None if slot.cat in ("*", "None", "") else slot.cat,
    )


class Sabnzbd(Integration["SabnzbdClient"]):
    id = "sabnzbd"
    name = "SABnzbd"
    icon = "sabnzbd"
    categories = ("downloads", "usenet")
    docs_url = "https://sabnzbd.org/wiki/configuration/3.7/api"
    verification = "Verified against a running SABnzbd 3.7.1"
    default_port = 8080
    credentials = (ApiKey,)
    client_class = "integrations.sabnzbd.client:SabnzbdClient"

    async def test_connection(self, client: SabnzbdClient) -> ServiceInfo:
        from integrations.sabnzbd.models import QueueAnswer

        # mode=version answers without a key: the queue proves the key is right.
        answer = await client.api("queue", QueueAnswer, limit=1)
        return ServiceInfo(version=answer.queue.version)

    @endpoint(
        "status",
        name="Status",
        description="Download speed and limit, free disk space, and job counts: the queue by "
        "state plus completed and failed jobs in the history.",
        ttl=5.0,
        min_refresh=2.0,
    )
    async def status(self, client: SabnzbdClient) -> DownloadClientStatus:
        from integrations.sabnzbd.models import FINAL_HISTORY_STATUSES, HistoryAnswer, QueueAnswer

        answer, history, failed = await together(
            client.api("queue", QueueAnswer),
            client.api("history", HistoryAnswer, limit=HISTORY_PAGE),
            client.api("history", HistoryAnswer, limit=1, failed_only=1),
        )
        queue = answer.queue
        # Jobs in post-processing head the history and are counted by failed_only too.
        processing = sum(
            1
            for _ in itertools.takewhile(
                lambda slot: slot.status not in FINAL_HISTORY_STATUSES, history.history.slots
            )
        )
        completed = max(history.history.noofslots - failed.history.noofslots, 0)
        errored = max(failed.history.noofslots - processing, 0)
        states = itertools.chain(
            (state_of(slot.status) for slot in queue.slots),
            itertools.repeat(DownloadState.CHECKING, processing),
            itertools.repeat(DownloadState.COMPLETED, completed),
            itertools.repeat(DownloadState.ERROR, errored),
        )
        return DownloadClientStatus.from_states(
            states,
            download_speed=round(queue.kbpersec * KIB),
            upload_speed=0,
            download_limit=round(queue.speedlimit_abs) or None,
            free_space=round(queue.diskspace1 * GIB),
            version=queue.version,
        )

    @endpoint(
        "queue",
        name="Queue",
        description=f"The jobs in the queue, downloading first (at most {MAX_QUEUE_ITEMS}).",
        ttl=10.0,
        min_refresh=5.0,
    )
    async def queue(self, client: SabnzbdClient) -> DownloadQueue:
        from integrations.sabnzbd.models import QueueAnswer

        answer = await client.api("queue", QueueAnswer)
        return DownloadQueue.of(item_of(slot) for slot in answer.queue.slots)

    # --- actions ------------------------------------------------------------------------------
    # SABnzbd has a speed limit (mode=config&name=speedlimit) but no alternative speed mode to
    # switch on and off, so there is no altSpeedOn/altSpeedOff (docs/notes/sabnzbd.md).

    @action(
        "pauseAll",
        label="Pause all",
        description="Pauses the whole download queue (mode=pause).",
        affects=("status", "queue"),
    )
    async def pause_all(self, client: SabnzbdClient, input: NoInput) -> ActionResult:
        from integrations.sabnzbd.models import Done

        applied("pause", await client.api("pause", Done))
        return ActionResult(message="Paused the download queue")

    @action(
        "resumeAll",
        label="Resume all",
        description="Resumes the download queue (mode=resume).",
        affects=("status", "queue"),
    )
    async def resume_all(self, client: SabnzbdClient, input: NoInput) -> ActionResult:
        from integrations.sabnzbd.models import Done

        applied("resume", await client.api("resume", Done))
        return ActionResult(message="Resumed the download queue")

    @action(
        "pauseItem",
        label="Pause job",
        description="Pauses one job of the queue, by its nzo_id.",
        input=ItemInput,
        affects=("status", "queue"),
    )
    async def pause_item(self, client: SabnzbdClient, input: ItemInput) -> ActionResult:
        return await self._change_job(client, "pause", input.id)

    @action(
        "resumeItem",
        label="Resume job",
        description="Resumes one paused job of the queue, by its nzo_id.",
        input=ItemInput,
        affects=("status", "queue"),
    )
    async def resume_item(self, client: SabnzbdClient, input: ItemInput) -> ActionResult:
        return await self._change_job(client, "resume", input.id)

    @staticmethod
    async def _change_job(client: SabnzbdClient, change: str, nzo_id: str) -> ActionResult:
        from integrations.sabnzbd.models import JobsChanged, QueueAnswer

        # SABnzbd 3.7 answers a change to an id no job has as if it applied it: look first.
        found = await client.api("queue", QueueAnswer, nzo_ids=nzo_id)
        if not any(slot.nzo_id == nzo_id for slot in found.queue.slots):
            raise IntegrationError(ErrorCode.NOT_FOUND, f"SABnzbd has no job {nzo_id} in its queue")
        answer = await client.api("queue", JobsChanged, name=change, value=nzo_id)
        if not answer.status or nzo_id not in answer.nzo_ids:
            raise IntegrationError(
                ErrorCode.UPSTREAM_ERROR, f"SABnzbd did not {change} job {nzo_id}"
            )
        verb = "Paused" if change == "pause" else "Resumed"
        return ActionResult(message=f"{verb} job {nzo_id}", affected=1)
