"""Plex Media Server, through its HTTP API in JSON (the published API 1.2.2; older servers too).

Built from the Plex Media Server API documentation, version 1.2.2.
"""

from integrations.plex.definition import Plex

integration = Plex()
