"""AdGuard Home, through its web API (``/control``, AdGuard Home v0.107).

Built from AdGuard Home's OpenAPI description (openapi/openapi.yaml, API 0.107).
"""

from integrations.adguard.definition import Adguard

integration = Adguard()

__all__ = ["Adguard", "integration"]
