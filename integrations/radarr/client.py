"""Radarr's API: the Servarr client (``integrations.sonarr.client``) at ``/api/v3``."""

from __future__ import annotations

from integrations.sonarr.client import ServarrClient


class RadarrClient(ServarrClient):
    app_name = "Radarr"
    api_version = "v3"
