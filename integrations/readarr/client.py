"""Readarr's API: the Servarr client (``integrations.sonarr.client``) at ``/api/v1``."""

from __future__ import annotations

from integrations.sonarr.client import ServarrClient


class ReadarrClient(ServarrClient):
    app_name = "Readarr"
    api_version = "v1"
