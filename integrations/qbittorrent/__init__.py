"""qBittorrent, through its Web UI API v2 (WebAPI 2.x, qBittorrent 4.1 and later).

Verified against qBittorrent 4.5.2 (WebAPI 2.8.19).
"""

from integrations.qbittorrent.definition import QBittorrent

integration = QBittorrent()
