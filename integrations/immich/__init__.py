"""Immich, through its REST API (``/api/server/...``, Immich 1.107 and later).

Built from Immich's OpenAPI document (open-api/immich-openapi-specs.json, API 1.112.1).
"""

from integrations.immich.definition import Immich

integration = Immich()

__all__ = ["Immich", "integration"]
