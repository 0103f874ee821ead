"""Gotify, through its REST API (Gotify server 2.x, API spec 2.0.2).

Built from the Gotify REST API documentation: the swagger spec ``docs/spec.json`` of
gotify/server.
"""

from integrations.gotify.definition import Gotify

integration = Gotify()
