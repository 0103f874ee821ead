"""Grafana, through its HTTP API (``/api``): basic auth or a service account token.

Built from the Grafana HTTP API documentation (docs/sources/developers/http_api: admin.md,
org.md, other.md; the Alertmanager API of Grafana alerting) and sources
(pkg/services/stats/models.go AdminStats), version 12.3.
"""

from integrations.grafana.definition import Grafana

integration = Grafana()
