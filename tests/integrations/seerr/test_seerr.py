"""Seerr integration against fixtures transcribed from its seerr-api.yml (API v1, Seerr 3.1.0).

The implementation is the Seerr family's, tested in depth with Overseerr; this runs what Seerr
shares with Jellyseerr (the Jellyfin/Emby sign-in, every endpoint and failure) on Seerr's own
fixtures, and its actions.
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

ID = "seerr"
BASE = "http://seerr.test:5055"
config = media_server_config(BASE)


class TestSeerr(MediaServerSeerrContract):
    ID = ID
    APP = "Seerr"
    BASE = BASE


class TestSeerrActions(SeerrActionsContract):
    ID = ID
    APP = "Seerr"

    def fake(self, routes: Mapping[tuple[str, str], Any] | None = None) -> FakeSeerr:
        return FakeSeerr(ID, MEDIA_SERVER_SIGN_INS, routes)
