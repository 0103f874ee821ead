"""Gatus, through its HTTP API (``/api/v1/endpoints/statuses``).

Built from the Gatus v5.36.0 sources: api/api.go (routes), config/endpoint/status.go and
result.go (the JSON), api/endpoint_status_test.go (the expected answers).
"""

from integrations.gatus.definition import Gatus

integration = Gatus()
