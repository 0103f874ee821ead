"""Prowlarr, through its REST API v1 (``/api/v1/...``, Prowlarr 1.x).

Built from the Prowlarr API documentation: ``src/Prowlarr.Api.V1/openapi.json`` (API v1, spec
version 1.0.0) at Prowlarr/Prowlarr commit 04941c5c823c7236caf0f0c33468a2b5c03f1bd6.
"""

from integrations.prowlarr.definition import Prowlarr

integration = Prowlarr()
