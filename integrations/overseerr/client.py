"""Overseerr's API v1: the Seerr client (``integrations.families.seerr.client``)."""

from __future__ import annotations

from typing import ClassVar

from integrations.families.seerr.client import SeerrClient


class OverseerrClient(SeerrClient):
    """An Overseerr API client: the API key on every request, or a session signed in once and
    renewed on 403."""

    service_name: ClassVar[str] = "Overseerr"
