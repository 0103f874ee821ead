"""Tube Archivist, through its REST API (``/api``; the API token as ``Authorization: Token``).

Built from the Tube Archivist API documentation (its OpenAPI schema, /api/schema/) and sources,
version 0.5.10.
"""

from integrations.tubearchivist.definition import TubeArchivist

integration = TubeArchivist()
