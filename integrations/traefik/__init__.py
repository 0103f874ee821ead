"""Traefik Proxy, through its API (``/api``, Traefik v2 and v3, which share it).

Built from the Traefik API documentation (doc.traefik.io/traefik/operations/api/ and the
traefik/traefik ``pkg/api`` handlers with their test data).
"""

from integrations.traefik.definition import Traefik

integration = Traefik()
