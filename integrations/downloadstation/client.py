"""Download Station's Web API: the Synology family's client with Download Station's APIs and
its login ``session`` (``DownloadStation``, as its guide asks)."""

from __future__ import annotations

from integrations.families.synology.client import SynologyClient

INFO = "SYNO.DownloadStation.Info"
TASK = "SYNO.DownloadStation.Task"
STATISTIC = "SYNO.DownloadStation.Statistic"


class DownloadStationClient(SynologyClient):
    """A Download Station client: the ``SYNO.API.Auth`` session, renewed once when DSM drops
    it."""

    product = "Download Station"
    apis_used = (INFO, TASK, STATISTIC)
    session_name = "DownloadStation"
    permission_hint = (
        "allow the account Download Station in DSM's Control Panel > Application Privileges"
    )
    missing_hint = "is Download Station installed and running on this Synology?"
