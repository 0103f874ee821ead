"""Transmission, through its JSON RPC (RPC version 15 and later, Transmission 2.80+).

Verified against Transmission 3.00 (bb6b5a062e), RPC version 16.
"""

from integrations.transmission.definition import Transmission

integration = Transmission()
