"""Lidarr, through its API v1 (``/api/v1/...``).

Built from the Lidarr API documentation (``src/Lidarr.Api.V1/openapi.json``, API v1); the
client and endpoints are the Servarr family's (``integrations.families.servarr``), with Lidarr's
artists and albums.
"""

from integrations.lidarr.definition import Lidarr

integration = Lidarr()
