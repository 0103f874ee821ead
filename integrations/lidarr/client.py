"""Lidarr's API: the Servarr client (``integrations.sonarr.client``) at ``/api/v1``."""

from __future__ import annotations

from integrations.sonarr.client import ServarrClient


class LidarrClient(ServarrClient):
    app_name = "Lidarr"
    api_version = "v1"
