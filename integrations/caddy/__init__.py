"""Caddy, through its admin API (``/config/``, ``/reverse_proxy/upstreams``; Caddy 2).

Verified against Caddy 2.6.2 (Debian bookworm).
"""

from integrations.caddy.definition import Caddy

integration = Caddy()
