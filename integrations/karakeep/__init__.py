"""Karakeep (formerly Hoarder), through its REST API (``/api/v1``, an API key as a bearer
token).

Built from the Karakeep API documentation (packages/open-api/karakeep-openapi-spec.json,
docs/api) and sources (packages/api), version 0.33.2.
"""

from integrations.karakeep.definition import Karakeep

integration = Karakeep()
