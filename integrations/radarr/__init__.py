"""Radarr, through its API v3 (``/api/v3/...``, Radarr v3 and later).

Built from the Radarr API documentation (``src/Radarr.Api.V3/openapi.json``, API v3); the
client and endpoints are the Servarr family's (``integrations.families.servarr``), with Radarr's
movies.
"""

from integrations.radarr.definition import Radarr

integration = Radarr()
