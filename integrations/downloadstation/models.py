"""The parts of Download Station's answers Tilewire reads (Download Station Official API,
2014-03-26, version 1). The guide's examples send sizes and times as strings, recorded answers
as numbers: both are read as numbers."""

from __future__ import annotations

from integrations.base import UpstreamModel


class Info(UpstreamModel):
    """``SYNO.DownloadStation.Info`` ``getinfo``."""

    version: int | str | None = None
    """The build number."""
    version_string: str | None = None
    is_manager: bool | None = None


class Statistic(UpstreamModel):
    """``SYNO.DownloadStation.Statistic`` ``getinfo``: bytes/s over every task (eMule's
    apart, when eMule is on)."""

    speed_download: int = 0
    speed_upload: int = 0
    emule_speed_download: int | None = None
    emule_speed_upload: int | None = None


class Transfer(UpstreamModel):
    size_downloaded: int = 0
    size_uploaded: int = 0
    speed_download: int = 0
    speed_upload: int = 0


class Detail(UpstreamModel):
    create_time: int | None = None
    """Epoch seconds."""


class Additional(UpstreamModel):
    detail: Detail | None = None
    transfer: Transfer | None = None


class TaskStatus(UpstreamModel):
    """A task's status alone (a list without ``additional``)."""

    status: str | int = ""


class Task(TaskStatus):
    """One task of ``SYNO.DownloadStation.Task`` ``list`` with ``additional=detail,transfer``."""

    id: str
    type: str = ""
    """bt, nzb, http, ftp, emule."""
    title: str = ""
    size: int = 0
    """Bytes."""
    additional: Additional | None = None


class TaskStatuses(UpstreamModel):
    total: int | None = None
    tasks: list[TaskStatus]


class Tasks(UpstreamModel):
    total: int | None = None
    tasks: list[Task]
