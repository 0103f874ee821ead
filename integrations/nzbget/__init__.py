"""NZBGet, through its JSON-RPC API (``/jsonrpc``, NZBGet 21 and the nzbget-ng fork).

Verified against NZBGet 21.0.
"""

from integrations.nzbget.definition import NZBGet

integration = NZBGet()

__all__ = ["NZBGet", "integration"]
