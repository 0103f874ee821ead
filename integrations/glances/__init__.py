"""Glances, through its REST API: v4 (Glances 4.x) or v3 (Glances 3.x), detected or chosen.

Verified against Glances 4.5.8 (API v4) and Glances 3.3.1.1 (API v3).
"""

from integrations.glances.definition import Glances

integration = Glances()

__all__ = ["Glances", "integration"]
