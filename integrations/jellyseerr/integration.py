"""Jellyseerr: Overseerr's endpoints over the same API, and one more way to sign in."""

from __future__ import annotations

from integrations.config import ApiKey
from integrations.jellyseerr.client import JellyseerrClient, MediaServerAccount
from integrations.overseerr.client import LocalAccount, PlexToken
from integrations.overseerr.integration import Overseerr


class Jellyseerr(Overseerr):
    id = "jellyseerr"
    name = "Jellyseerr"
    icon = "jellyseerr"
    docs_url = "https://github.com/Fallenbagel/jellyseerr/blob/develop/overseerr-api.yml"
    verification = "Built from the Jellyseerr API documentation, version v1 (overseerr-api.yml)"
    credentials = (ApiKey, LocalAccount, MediaServerAccount, PlexToken)
    client_class = JellyseerrClient
