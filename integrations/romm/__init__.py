"""RomM, through its REST API (``/api``; a client API token as a bearer token, or a user's
name and password as basic auth).

Built from the RomM API documentation (docs.romm.app, the OpenAPI document at /openapi.json) and
sources of the 4.9 series (main at 57badfd, August 2026).
"""

from integrations.romm.definition import Romm

integration = Romm()
