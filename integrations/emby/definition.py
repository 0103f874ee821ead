"""Emby: the MediaBrowser endpoints (``integrations.families.mediabrowser``), as Jellyfin's."""

from __future__ import annotations

from integrations.families.mediabrowser.definition import MediaBrowserIntegration


class Emby(MediaBrowserIntegration):
    """An Emby Server (REST API 4.8), with an API key or a user's login."""

    id = "emby"
    name = "Emby"
    icon = "emby"
    docs_url = "https://dev.emby.media/doc/restapi/index.html"
    verification = "Built from the Emby REST API documentation, version 4.8"
    default_port = 8096
    client_class = "integrations.emby.client:EmbyClient"
