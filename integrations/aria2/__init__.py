"""aria2, through its JSON-RPC interface over HTTP (``POST /jsonrpc``).

Built from the aria2 1.36.0 manual, "RPC interface"
(https://aria2.github.io/manual/en/html/aria2c.html#rpc-interface), and verified against a
running aria2 1.36.0.
"""

from integrations.aria2.definition import Aria2

integration = Aria2()
