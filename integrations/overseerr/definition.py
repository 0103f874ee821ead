"""Overseerr: the Seerr endpoints (``integrations.families.seerr``)."""

from __future__ import annotations

from integrations.families.seerr.definition import SeerrIntegration


class Overseerr(SeerrIntegration):
    id = "overseerr"
    name = "Overseerr"
    icon = "overseerr"
    docs_url = "https://github.com/sct/overseerr/blob/develop/overseerr-api.yml"
    verification = "Built from the Overseerr API documentation, version v1 (overseerr-api.yml)"
    default_port = 5055
    client_class = "integrations.overseerr.client:OverseerrClient"
