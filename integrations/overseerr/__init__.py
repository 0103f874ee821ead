"""Overseerr, through its API v1 (``/api/v1/...``).

Built from the Overseerr API documentation: ``overseerr-api.yml`` (OpenAPI 3.0.2, API 1.0.0) at
sct/overseerr commit 00783e95880c33c79feee50fc69c2e53c8b8bca1. The implementation is the Seerr
family's (``integrations.families.seerr``), which Jellyseerr, its fork, shares.
"""

from integrations.overseerr.definition import Overseerr

integration = Overseerr()
