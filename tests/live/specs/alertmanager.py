"""Prometheus Alertmanager 0.25 (Debian) on 127.0.0.1:18250, basic auth admin / adminpass123."""

from __future__ import annotations

import httpx

from tests.live.services import PASSWORD, USERNAME, ServiceSpec


def _alertmanager_ready(client: httpx.Client, url: str) -> bool:
    try:
        return client.get(f"{url}/-/ready", auth=(USERNAME, PASSWORD)).status_code == 200
    except httpx.HTTPError:
        return False


def _alertmanager_version(client: httpx.Client, url: str) -> str:
    r = client.get(f"{url}/api/v2/status", auth=(USERNAME, PASSWORD)).raise_for_status()
    return str(r.json()["versionInfo"]["version"])


SPEC = ServiceSpec(
    "prometheus-alertmanager",
    "http://127.0.0.1:18250",
    USERNAME,
    PASSWORD,
    _alertmanager_ready,
    _alertmanager_version,
)
