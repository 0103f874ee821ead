"""Syncthing, through its REST API (``/rest/...``, Syncthing 1.12 and later).

Verified against Syncthing v1.19.2 (Debian bookworm, v1.19.2-ds1).
"""

from integrations.syncthing.definition import Syncthing

integration = Syncthing()
