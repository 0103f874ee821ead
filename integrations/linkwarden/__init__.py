"""Linkwarden, through its API v1 (an access token as a bearer token).

Built from the Linkwarden API documentation and sources (apps/web/pages/api/v1, lib/api),
version 2.16.1.
"""

from integrations.linkwarden.definition import Linkwarden

integration = Linkwarden()
