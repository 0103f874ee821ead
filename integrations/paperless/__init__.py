"""Paperless-ngx, through its REST API (``/api/...``, Paperless-ngx 1.3 and later).

Built from Paperless-ngx's API documentation (docs/api.md, REST API version 6) and its
statistics view (src/documents/views.py, StatisticsView).
"""

from integrations.paperless.definition import Paperless

integration = Paperless()

__all__ = ["Paperless", "integration"]
