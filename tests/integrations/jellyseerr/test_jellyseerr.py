"""Jellyseerr integration against fixtures transcribed from its overseerr-api.yml (API v1).

The implementation is the Seerr family's, tested in depth with Overseerr; this runs what
Jellyseerr and Seerr share (their name, the Jellyfin/Emby sign-in, every endpoint and failure)
once on Jellyseerr's own fixtures, and its actions.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tests.integrations.families.seerr import (
    MEDIA_SERVER_SIGN_INS,
    FakeSeerr,
    MediaServerSeerrContract,
    SeerrActionsContract,
    media_server_config,
)

ID = "jellyseerr"
BASE = "http://jellyseerr.test:5055"
config = media_server_config(BASE)


class TestJellyseerr(MediaServerSeerrContract):
    ID = ID
    APP = "Jellyseerr"
    BASE = BASE


class TestJellyseerrActions(SeerrActionsContract):
    ID = ID
    APP = "Jellyseerr"

    def fake(self, routes: Mapping[tuple[str, str], Any] | None = None) -> FakeSeerr:
        return FakeSeerr(ID, MEDIA_SERVER_SIGN_INS, routes)
