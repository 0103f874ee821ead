"""Readarr's API: the Servarr client (``integrations.families.servarr.client``) at ``/api/v1``."""

from __future__ import annotations

from integrations.families.servarr.client import ServarrClient


class ReadarrClient(ServarrClient):
    app_name = "Readarr"
    api_version = "v1"
