"""Synology Download Station, through the Synology Web API (``SYNO.DownloadStation.*``).

Built from Synology's Download Station Web API (Download Station Official API, 2014-03-26:
``SYNO.DownloadStation.Info``, ``.Task`` and ``.Statistic``, version 1) and the DSM Login Web
API Guide (DSM 7.0: API discovery, login, error codes). The client is the Synology family's
(``integrations.families.synology``).
"""

from integrations.downloadstation.definition import DownloadStation

integration = DownloadStation()
