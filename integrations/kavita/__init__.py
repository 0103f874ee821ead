"""Kavita, through its REST API (``/api``; the user's API key is exchanged for a JWT at
``POST /api/Plugin/authenticate``, sent as a bearer token).

Built from the Kavita API documentation (its Swagger document) and sources, version 0.8.3.2.
"""

from integrations.kavita.definition import Kavita

integration = Kavita()
