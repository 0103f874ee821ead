"""Netdata v1.37.1 (Debian bookworm) on 127.0.0.1:18160, no auth."""

from __future__ import annotations

import time

import httpx

from tests.live.services import ServiceSpec, status

SETTLE_TIMEOUT_S = 30.0
TEST_ALARMS = ("tilewire_test_warning", "tilewire_test_critical")
"""Raised by the health config netdata/run.sh writes (first evaluated a few seconds in)."""


def _ready(client: httpx.Client, url: str) -> bool:
    return status(client, f"{url}/api/v1/info") == 200


def _settle(client: httpx.Client, url: str) -> None:
    """Wait for the first collected CPU sample and for the two test alarms to be raised."""
    deadline = time.monotonic() + SETTLE_TIMEOUT_S
    while True:
        cpu = client.get(
            f"{url}/api/v1/data",
            params={"chart": "system.cpu", "after": "-1", "points": "1", "format": "json"},
        )
        alarms = client.get(f"{url}/api/v1/alarms")
        if cpu.status_code == 200 and alarms.status_code == 200:
            row = cpu.json()["data"][0]
            raised = {a["name"] for a in alarms.json()["alarms"].values()}
            if any(v is not None for v in row[1:]) and raised >= set(TEST_ALARMS):
                return
        if time.monotonic() > deadline:
            raise TimeoutError(f"Netdata: no CPU sample or test alarms after {SETTLE_TIMEOUT_S} s")
        time.sleep(0.25)


def _version(client: httpx.Client, url: str) -> str:
    return str(client.get(f"{url}/api/v1/info").raise_for_status().json()["version"])


SPEC = ServiceSpec("netdata", "http://127.0.0.1:18160", None, None, _ready, _version, _settle)
