"""Sonarr, through its API v3 (``/api/v3/...``, served by Sonarr v3 and v4).

Built from the Sonarr API documentation (``src/Sonarr.Api.V3/openapi.json``, API v3). Also
holds the client and endpoints Radarr, Lidarr and Readarr share.
"""

from integrations.sonarr.definition import Sonarr

integration = Sonarr()
