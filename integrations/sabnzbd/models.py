"""The parts of SABnzbd's API answers (``output=json``) Tilewire reads.

SABnzbd writes most numbers as strings ("0.48", "77.26"); pydantic's lax mode reads them.
"""

from __future__ import annotations

from typing import Literal

from integrations.base import UpstreamModel

FINAL_HISTORY_STATUSES = frozenset({"Completed", "Failed"})
"""History statuses of finished jobs; any other is a job still in post-processing."""


class QueueSlot(UpstreamModel):
    """One job of ``mode=queue``."""

    nzo_id: str
    filename: str
    status: str
    mb: float
    """Size in MiB, two decimals."""
    mbleft: float
    timeleft: str = "0:00:00"
    """``[D:]H:MM:SS``; ``0:00:00`` when unknown or not downloading."""
    cat: str = "*"


class Queue(UpstreamModel):
    """``mode=queue``: the queue header (speed, limits, disk space) and its jobs."""

    version: str
    paused: bool
    kbpersec: float
    """Current download speed, KiB/s."""
    speedlimit_abs: float = 0
    """Download limit in bytes/s, 0 when unlimited."""
    diskspace1: float
    """Free space in the incomplete-downloads folder, GiB."""
    noofslots: int
    slots: list[QueueSlot]


class QueueAnswer(UpstreamModel):
    queue: Queue


class HistorySlot(UpstreamModel):
    """One job of ``mode=history``: finished, or still in post-processing."""

    nzo_id: str
    name: str
    status: str


class History(UpstreamModel):
    noofslots: int
    """Jobs matching the request in the whole history, not only on this page."""
    slots: list[HistorySlot]


class HistoryAnswer(UpstreamModel):
    history: History


class ApiError(UpstreamModel):
    """What SABnzbd answers (HTTP 200) to a call it refuses: ``{"status": false, "error": ...}``."""

    status: Literal[False]
    error: str


class Done(UpstreamModel):
    """What ``mode=pause`` and ``mode=resume`` answer: ``{"status": true}``."""

    status: bool


class JobsChanged(UpstreamModel):
    """What ``mode=queue&name=pause|resume&value=<nzo_id>`` answers: the jobs it changed
    (``{"status": false, "nzo_ids": []}`` when none had that id)."""

    status: bool
    nzo_ids: list[str] = []
