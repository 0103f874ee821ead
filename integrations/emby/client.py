"""Emby's REST API: the MediaBrowser client (``integrations.families.mediabrowser.client``)
with Emby's documented header names and path prefix.

Emby documents its API under ``/emby/{apipath}``. A login sends ``X-Emby-Authorization: Emby
Client="...", Device="...", DeviceId="...", Version="..."`` (the header may also be named
``Authorization``); the API key and the login's ``AccessToken`` travel in ``X-Emby-Token``, and
Emby answers 401 when one is missing, wrong or revoked.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from integrations.families.mediabrowser.client import MediaBrowserClient


class EmbyClient(MediaBrowserClient):
    """An Emby client: the API key, or a login token renewed once when it is revoked."""

    service_name: ClassVar[str] = "Emby"
    api_prefix: ClassVar[str] = "emby/"
    auth_header: ClassVar[str] = "X-Emby-Authorization"
    auth_scheme: ClassVar[str] = "Emby"
    token_header: ClassVar[str | None] = "X-Emby-Token"
    key_hint: ClassVar[str] = "Server Dashboard > Advanced > Security"
    session_query: ClassVar[Mapping[str, str]] = {}
    """Emby's ``GET /Sessions`` documents no activity filter."""
    counts_artists: ClassVar[bool] = True
