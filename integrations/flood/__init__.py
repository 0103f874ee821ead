"""Flood (jesec/flood 4.x), a web UI for rTorrent, qBittorrent, Transmission and Deluge, through
its REST API (``/api``).

Built from Flood's API route documentation (the ``@summary``/``@return`` blocks of
``server/routes/api``) and its shared TypeScript types.
"""

from integrations.flood.definition import Flood

integration = Flood()
