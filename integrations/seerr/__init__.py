"""Seerr, the merged successor of Overseerr and Jellyseerr, through the same API v1.

Built from the Seerr API documentation: ``seerr-api.yml`` (OpenAPI 3.0.2, API 1.0.0) of
seerr-team/seerr v3.1.0. The implementation is the Seerr family's (``integrations.families.seerr``)
with the Jellyfin/Emby sign-in.
"""

from integrations.seerr.definition import Seerr

integration = Seerr()
