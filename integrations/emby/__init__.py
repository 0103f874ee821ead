"""Emby Server, through its REST API (``/emby/...``, Emby Server 4.8 / Emby SDK 4.8).

Built from the Emby REST API documentation, version 4.8; the implementation is the MediaBrowser
family's (``integrations.families.mediabrowser``), which Jellyfin shares.
"""

from integrations.emby.definition import Emby

integration = Emby()
