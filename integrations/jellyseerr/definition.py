"""Jellyseerr: the Seerr endpoints (``integrations.families.seerr``) and one more sign-in."""

from __future__ import annotations

from typing import Literal

from integrations.config import ApiKey, Credentials, Secret, field
from integrations.families.seerr.definition import LocalAccount, PlexToken, SeerrIntegration


class MediaServerAccount(Credentials):
    """A Jellyfin or Emby user, signed in through Jellyseerr."""

    label = "Jellyfin/Emby account"
    type: Literal["mediaServerAccount"] = "mediaServerAccount"
    # Named apart from LocalAccount's ``password``: form field names are unique across sets.
    server_username: str = field(
        "Jellyfin/Emby username",
        min_length=1,
        help="A Jellyfin or Emby user that may sign in to Jellyseerr.",
    )
    server_password: Secret = field("Jellyfin/Emby password")


class Jellyseerr(SeerrIntegration):
    id = "jellyseerr"
    name = "Jellyseerr"
    icon = "jellyseerr"
    docs_url = "https://github.com/Fallenbagel/jellyseerr/blob/develop/overseerr-api.yml"
    verification = "Built from the Jellyseerr API documentation, version v1 (overseerr-api.yml)"
    default_port = 5055
    credentials = (ApiKey, LocalAccount, MediaServerAccount, PlexToken)
    client_class = "integrations.jellyseerr.client:JellyseerrClient"
