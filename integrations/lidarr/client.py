"""Lidarr's API: the Servarr client (``integrations.families.servarr.client``) at ``/api/v1``."""

from __future__ import annotations

from integrations.families.servarr.client import ServarrClient


class LidarrClient(ServarrClient):
    app_name = "Lidarr"
    api_version = "v1"
