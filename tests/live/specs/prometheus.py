"""Prometheus 2.42 (Debian) on 127.0.0.1:18140, no auth."""

from __future__ import annotations

import time

import httpx

from tests.live.services import ServiceSpec, status

FIRST_SCRAPE_TIMEOUT_S = 20.0


# --- Prometheus -------------------------------------------------------------------------------
def _prometheus_ready(client: httpx.Client, url: str) -> bool:
    return status(client, f"{url}/-/ready") == 200


def _prometheus_settle(client: httpx.Client, url: str) -> None:
    """Wait for the first self-scrape so ``up`` has a sample (scrape interval is 5 s)."""
    deadline = time.monotonic() + FIRST_SCRAPE_TIMEOUT_S
    while True:
        try:
            r = client.get(f"{url}/api/v1/query", params={"query": "up"})
            if r.status_code == 200 and r.json()["data"]["result"]:
                return
        except (httpx.HTTPError, ValueError, KeyError):
            pass
        if time.monotonic() > deadline:
            limit = FIRST_SCRAPE_TIMEOUT_S
            raise TimeoutError(f"Prometheus: query 'up' still empty after {limit:.0f} s")
        time.sleep(0.25)


def _prometheus_version(client: httpx.Client, url: str) -> str:
    r = client.get(f"{url}/api/v1/status/buildinfo").raise_for_status()
    return str(r.json()["data"]["version"])


SPEC = ServiceSpec(
    "prometheus",
    "http://127.0.0.1:18140",
    None,
    None,
    _prometheus_ready,
    _prometheus_version,
    _prometheus_settle,
)
