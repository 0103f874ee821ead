"""Jellyfin's REST API: the MediaBrowser client (``integrations.families.mediabrowser.client``)
with Jellyfin's headers.

Every request carries the documented authorization header, ``Authorization: MediaBrowser
Client="...", Device="...", DeviceId="...", Version="...", Token="..."`` (the ``X-Emby-Token``
header and ``api_key`` query parameter still work but are deprecated). API keys are made in
Dashboard > API Keys.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from integrations.families.mediabrowser.client import MediaBrowserClient


class JellyfinClient(MediaBrowserClient):
    """A Jellyfin client: the API key, or a login token renewed once when it is revoked."""

    service_name: ClassVar[str] = "Jellyfin"
    api_prefix: ClassVar[str] = ""
    auth_header: ClassVar[str] = "Authorization"
    auth_scheme: ClassVar[str] = "MediaBrowser"
    token_header: ClassVar[str | None] = None
    key_hint: ClassVar[str] = "Dashboard > API Keys"
    session_query: ClassVar[Mapping[str, str]] = {"activeWithinSeconds": "960"}
    """Only clients seen in the last 16 minutes."""
    counts_artists: ClassVar[bool] = False
    """Jellyfin always answers 0."""
