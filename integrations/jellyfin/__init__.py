"""Jellyfin, through its REST API (the OpenAPI of Jellyfin 10.10; 10.9 answers the same).

Built from the Jellyfin API documentation, version 10.10; the implementation is the MediaBrowser
family's (``integrations.families.mediabrowser``), which Emby shares.
"""

from integrations.jellyfin.definition import Jellyfin

integration = Jellyfin()
