"""Seerr's API v1 is Overseerr's and Jellyseerr's: the family's client with the Jellyfin/Emby
sign-in (``/auth/jellyfin``), under Seerr's name."""

from __future__ import annotations

from integrations.families.seerr.client import MediaServerSeerrClient


class SeerrAppClient(MediaServerSeerrClient):
    """The Seerr family's client, named Seerr."""

    service_name = "Seerr"
