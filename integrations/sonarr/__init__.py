"""Sonarr, through its API v3 (``/api/v3/...``, served by Sonarr v3 and v4).

Built from the Sonarr API documentation (``src/Sonarr.Api.V3/openapi.json``, API v3); the
client and endpoints are the Servarr family's (``integrations.families.servarr``), with Sonarr's
series and episodes.
"""

from integrations.sonarr.definition import Sonarr

integration = Sonarr()
