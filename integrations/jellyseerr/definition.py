"""Jellyseerr: the Seerr endpoints (``integrations.families.seerr``) and the Jellyfin/Emby
sign-in."""

from __future__ import annotations

from integrations.config import ApiKey
from integrations.families.seerr.definition import (
    LocalAccount,
    MediaServerAccount,
    PlexToken,
    SeerrIntegration,
)


class Jellyseerr(SeerrIntegration):
    id = "jellyseerr"
    name = "Jellyseerr"
    icon = "jellyseerr"
    docs_url = "https://github.com/Fallenbagel/jellyseerr/blob/develop/overseerr-api.yml"
    verification = "Built from the Jellyseerr API documentation, version v1 (overseerr-api.yml)"
    default_port = 5055
    credentials = (ApiKey, LocalAccount, MediaServerAccount, PlexToken)
    client_class = "integrations.jellyseerr.client:JellyseerrClient"
