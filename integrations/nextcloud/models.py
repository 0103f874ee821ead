"""The parts of the serverinfo answer (``?format=json``) Tilewire reads.

The answer is an OCS envelope, ``{"ocs": {"meta": {...}, "data": {...}}}``. Where the server
cannot read a value, serverinfo writes the string ``"N/A"`` instead of the number (memory on
a host without /proc/meminfo, the load average where PHP cannot read it).
"""

from __future__ import annotations

from typing import Any

from pydantic import Field

from integrations.base import UpstreamModel

NOT_AVAILABLE = "N/A"


class Meta(UpstreamModel):
    status: str
    """``ok`` or ``failure``."""
    statuscode: int
    message: str | None = None


class Apps(UpstreamModel):
    """``nextcloud.system.apps``, only present when asked for (``skipApps=false``)."""

    num_installed: int
    num_updates_available: int
    app_updates: dict[str, str] | list[Any] = {}
    """App id to the version available; PHP writes an empty one as ``[]``."""


class System(UpstreamModel):
    """``nextcloud.system``."""

    version: str
    freespace: float | None = None
    """Bytes free in the data directory; negative when the storage cannot tell."""
    cpuload: list[float] | str = NOT_AVAILABLE
    """The 1, 5 and 15 minute load averages, or ``N/A``."""
    mem_total: float | str = NOT_AVAILABLE
    """KiB, from /proc/meminfo (MemTotal), or ``N/A``."""
    mem_free: float | str = NOT_AVAILABLE
    """KiB available (MemAvailable, else MemFree), or ``N/A``."""
    apps: Apps | None = None


class Storage(UpstreamModel):
    """``nextcloud.storage`` (refreshed by a background job, every 3 hours by default)."""

    num_users: int
    num_files: int
    num_storages: int = 0


class Shares(UpstreamModel):
    num_shares: int
    num_shares_link: int | None = None


class NextcloudSection(UpstreamModel):
    system: System
    storage: Storage
    shares: Shares


class ActiveUsers(UpstreamModel):
    last5minutes: int | None = None
    last1hour: int | None = None
    last24hours: int | None = None


class Info(UpstreamModel):
    """``ocs.data`` of the info call."""

    nextcloud: NextcloudSection
    active_users: ActiveUsers | None = Field(None, alias="activeUsers")


class EnvelopeOcs(UpstreamModel):
    meta: Meta


class Envelope(UpstreamModel):
    """Any OCS answer, read for its ``meta`` only (a refusal has ``status`` ``failure``)."""

    ocs: EnvelopeOcs


class InfoOcs(UpstreamModel):
    meta: Meta
    data: Info


class InfoAnswer(UpstreamModel):
    """``GET /ocs/v2.php/apps/serverinfo/api/v1/info?format=json``."""

    ocs: InfoOcs
