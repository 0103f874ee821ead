"""Sonarr's API: the Servarr client (``integrations.families.servarr.client``) at ``/api/v3``."""

from __future__ import annotations

from integrations.families.servarr.client import ServarrClient


class SonarrClient(ServarrClient):
    app_name = "Sonarr"
    api_version = "v3"
