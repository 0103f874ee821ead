"""autobrr, through its HTTP API (``/api``, an API key in the ``X-API-Token`` header).

Built from the autobrr API documentation (autobrr.com/api) and sources (internal/http,
internal/domain), version 1.79.0.
"""

from integrations.autobrr.definition import Autobrr

integration = Autobrr()
