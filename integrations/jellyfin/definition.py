"""Jellyfin: the MediaBrowser endpoints (``integrations.families.mediabrowser``)."""

from __future__ import annotations

from integrations.families.mediabrowser.definition import MediaBrowserIntegration


class Jellyfin(MediaBrowserIntegration):
    """A Jellyfin server (API 10.9 and 10.10), with an API key or a user's login."""

    id = "jellyfin"
    name = "Jellyfin"
    icon = "jellyfin"
    docs_url = "https://api.jellyfin.org/"
    verification = "Built from the Jellyfin API documentation, version 10.10"
    default_port = 8096
    client_class = "integrations.jellyfin.client:JellyfinClient"
