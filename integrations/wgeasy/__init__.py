"""wg-easy, through its API (``/api``, basic auth), version 15.

Built from the wg-easy API documentation (docs/content/advanced/api.md) and sources
(src/server/api/client/index.get.ts, src/server/utils/WireGuard.ts, the client schema),
version 15.4.0.
"""

from integrations.wgeasy.definition import WgEasy

integration = WgEasy()
