"""Emby: Jellyfin's integration against Emby's client (the same sessions and counts)."""

from __future__ import annotations

from integrations.jellyfin.definition import Jellyfin


class Emby(Jellyfin):
    """An Emby Server (REST API 4.8), with an API key or a user's login."""

    id = "emby"
    name = "Emby"
    icon = "emby"
    docs_url = "https://dev.emby.media/doc/restapi/index.html"
    verification = "Built from the Emby REST API documentation, version 4.8"
    client_class = "integrations.emby.client:EmbyClient"
