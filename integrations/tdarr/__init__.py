"""Tdarr (the distributed transcoding server), through its server's HTTP API v2.

Built from the Tdarr API v2 reference (tdarr.readme.io/reference, the server's Swagger 2.0
document): ``GET /api/v2/status``, ``POST /api/v2/cruddb`` (the statistics document) and
``GET /api/v2/get-nodes``; see models.py for where the fields it leaves open come from.
"""

from integrations.tdarr.definition import Tdarr

integration = Tdarr()
