"""Uptime Kuma, through its HTTP APIs: the public status-page API (``/api/status-page/{slug}``
and ``/api/status-page/heartbeat/{slug}``) and the Prometheus ``/metrics`` (basic auth with an
API key); Uptime Kuma 1.23 and 2.x.

Built from the Uptime Kuma API documentation (the project wiki's API page) and the routes it
names in louislam/uptime-kuma, versions 1.23 and 2.0.
"""

from integrations.uptimekuma.definition import UptimeKuma

integration = UptimeKuma()
