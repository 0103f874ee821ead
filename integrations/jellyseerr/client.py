"""Jellyseerr's API v1 is Overseerr's, plus ``/auth/jellyfin`` (the Seerr family's
``MediaServerSeerrClient``): a Jellyfin or Emby user's username and password."""

from __future__ import annotations

from integrations.families.seerr.client import MediaServerSeerrClient


class JellyseerrClient(MediaServerSeerrClient):
    """The Seerr client, with Jellyseerr's name and its Jellyfin/Emby sign-in."""

    service_name = "Jellyseerr"
