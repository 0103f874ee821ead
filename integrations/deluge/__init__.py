"""Deluge, through the JSON-RPC API of its web UI (``POST /json``, Deluge 2.x).

Verified against Deluge 2.0.3 (deluged + deluge-web, libtorrent 2.0.8).
"""

from integrations.deluge.definition import Deluge

integration = Deluge()

__all__ = ["Deluge", "integration"]
