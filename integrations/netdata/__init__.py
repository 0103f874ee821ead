"""Netdata, through its REST API v1 (the agent's own web server, Netdata 1.x).

Verified against Netdata v1.37.1.
"""

from integrations.netdata.definition import Netdata

integration = Netdata()

__all__ = ["Netdata", "integration"]
