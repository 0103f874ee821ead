"""Emby answers with the shapes Jellyfin inherited from it: the models are Jellyfin's.

``/Items/Counts`` adds GameCount and GameSystemCount, which Tilewire does not read.
"""

from __future__ import annotations

from integrations.jellyfin.models import (
    AuthenticationResult,
    ItemCounts,
    SessionInfo,
    SystemInfo,
)

__all__ = ["AuthenticationResult", "ItemCounts", "SessionInfo", "SystemInfo"]
