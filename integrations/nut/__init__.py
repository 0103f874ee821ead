"""NUT (Network UPS Tools): a UPS's state from upsd, over NUT's own line protocol (TCP 3493).

Built from the NUT network protocol documentation (docs/net-protocol.txt, "Network protocol
information", NUT 2.8.0: https://networkupstools.org/docs/developer-guide.chunked/net-protocol.html)
and its variable names (docs/nut-names.txt), and verified against a running upsd 2.8.0.
"""

from integrations.nut.definition import Nut

integration = Nut()
