"""authentik, through its API v3 (an API token as a bearer token).

Built from the authentik API documentation (schema.yml: admin/version, core/users,
core/authenticated_sessions; the pagination object), version 2025.x.
"""

from integrations.authentik.definition import Authentik

integration = Authentik()
