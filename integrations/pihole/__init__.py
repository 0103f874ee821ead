"""Pi-hole, through the REST API of Pi-hole v6 (pihole-FTL v6, API 6.0) or, for Pi-hole v5,
``admin/api.php`` (pi-hole/web v5.18 and later, FTL v5); the generation is detected or chosen.

Built from Pi-hole's API documentation: the FTL v6 OpenAPI specs and docs.pi-hole.net/api
(v6), and the v5 web interface's api.php with FTL v5's ``>stats`` (v5).
"""

from integrations.pihole.definition import Pihole

integration = Pihole()

__all__ = ["Pihole", "integration"]
