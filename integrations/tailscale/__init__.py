"""Tailscale, through its public API v2 (``https://api.tailscale.com/api/v2``).

Built from the Tailscale API documentation (publicapi/device.md and tailnet.md of
tailscale/tailscale): the device attributes and ``GET /api/v2/tailnet/{tailnet}/devices``.
"""

from integrations.tailscale.definition import Tailscale

integration = Tailscale()
