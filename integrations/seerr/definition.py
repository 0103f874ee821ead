"""Seerr: the Seerr endpoints (``integrations.families.seerr``) with every sign-in the API has:
API key, local account, Jellyfin/Emby account and Plex token."""

from __future__ import annotations

from integrations.config import ApiKey
from integrations.families.seerr.definition import (
    LocalAccount,
    MediaServerAccount,
    PlexToken,
    SeerrIntegration,
)


class Seerr(SeerrIntegration):
    id = "seerr"
    name = "Seerr"
    icon = "seerr"
    docs_url = "https://github.com/seerr-team/seerr/blob/develop/seerr-api.yml"
    verification = "Built from the Seerr API documentation, version v1 (seerr-api.yml, Seerr 3.1.0)"
    default_port = 5055
    credentials = (ApiKey, LocalAccount, MediaServerAccount, PlexToken)
    client_class = "integrations.seerr.client:SeerrAppClient"
