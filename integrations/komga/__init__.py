"""Komga, through its REST API (``/api/v1``, ``/api/v2``; an API key in ``X-API-Key`` or a
user's email and password as basic auth).

Built from the Komga API documentation (komga/docs/openapi.json) and sources, version 1.26.3.
"""

from integrations.komga.definition import Komga

integration = Komga()
