"""Miniflux, through its REST API (``/v1/...``, Miniflux 2.0.37 and later).

Built from the Miniflux API reference (miniflux.app/docs/api.html; /v1/version since 2.0.49).
"""

from integrations.miniflux.definition import Miniflux

integration = Miniflux()

__all__ = ["Miniflux", "integration"]
