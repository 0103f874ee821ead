"""Jellyseerr, Overseerr's fork for Jellyfin, Emby and Plex, through the same API v1.

Built from the Jellyseerr API documentation: ``overseerr-api.yml`` (OpenAPI 3.0.2, API 1.0.0) at
Fallenbagel/jellyseerr commit 0036d35c3fdd1f80286b114df897db26f102878e. The implementation is
the Seerr family's (``integrations.families.seerr``); this package adds the Jellyfin/Emby sign-in.
"""

from integrations.jellyseerr.definition import Jellyseerr

integration = Jellyseerr()
