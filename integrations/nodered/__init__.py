"""Node-RED, through its Admin HTTP API (``/auth/token``, ``/settings``, ``/flows``,
``/diagnostics``; Node-RED 1.x and later, diagnostics from 2.x).

Verified against Node-RED 4.1.8 (npm, Node.js 20).
"""

from integrations.nodered.definition import NodeRed

integration = NodeRed()
