"""Prometheus Alertmanager, through its API v2 (``/api/v2/status``, ``/api/v2/alerts``,
``/api/v2/silences``).

Built from the OpenAPI document of Alertmanager 0.25.0 (api/v2/openapi.yaml in
prometheus/alertmanager at v0.25.0), and verified against a running Alertmanager 0.25.0.
"""

from integrations.alertmanager.definition import Alertmanager

integration = Alertmanager()
