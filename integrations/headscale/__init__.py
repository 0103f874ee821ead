"""Headscale, through its HTTP API (``/api/v1``, an API key as a bearer token).

Built from the Headscale API documentation (gen/openapiv2/headscale/v1/headscale.swagger.json)
and sources, version 0.29.2.
"""

from integrations.headscale.definition import Headscale

integration = Headscale()
