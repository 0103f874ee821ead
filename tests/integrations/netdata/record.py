"""Re-record the Netdata fixtures from the real Netdata agent on loopback.

Starts it if needed (tests/live/services/netdata/run.sh, which raises two test alarms) and writes
one file per exchange to tests/integrations/netdata/fixtures/ (format:
tests/integrations/upstream.py). ``not_that_service`` is Glances 4's /api/4/status (another
service's JSON) and ``html_page`` Netdata's own dashboard page, both answered where the API was
expected.

usage (from the repository root, services installed with tests/live/services/install.sh):
    .venv/bin/python tests/integrations/netdata/record.py
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

if __package__ in (None, ""):  # run as a file path: make the repository root importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from tests.live.record_fixtures import client, not_that_service_source
from tests.live.recorder import HTML_TRIM, TODAY, Recorder, debian_version
from tests.live.services import ensure_service

CHARTS = ("system.cpu", "system.ram", "system.load", "system.uptime")
LATEST = {"after": "-1", "points": "1", "format": "json"}


def main() -> int:
    try:
        svc = ensure_service("netdata")
        glances = ensure_service("glances")
    except (pytest.skip.Exception, pytest.fail.Exception) as exc:
        print(f"record: service unavailable: {exc}", file=sys.stderr)
        return 1
    rec = Recorder(
        "netdata",
        f"Netdata {svc.version}, netdata {debian_version('netdata')} from Debian bookworm "
        f"(memory mode ram, two always-raised test alarms), recorded on loopback {TODAY}",
    )
    with client() as c:
        rec.record("info", c.get(f"{svc.url}/api/v1/info"))
        for chart in CHARTS:
            name = "data_" + chart.replace(".", "_")
            rec.record(name, c.get(f"{svc.url}/api/v1/data", params={"chart": chart, **LATEST}))
        rec.record(
            "data_chart_missing",
            c.get(f"{svc.url}/api/v1/data", params={"chart": "system.nope", **LATEST}),
        )
        rec.record("alarms", c.get(f"{svc.url}/api/v1/alarms"))
        rec.record("no_route", c.get(f"{svc.url}/api/v1/nope"))
        rec.record(
            "html_page",
            c.get(f"{svc.url}/"),
            trim=HTML_TRIM,
            source=not_that_service_source(f"Netdata {svc.version} dashboard", "/"),
        )
        rec.record(
            "not_that_service",
            c.get(f"{glances.url}/api/4/status"),
            source=f"Glances {glances.version} (REST API v4, PyPI): GET /api/4/status, recorded "
            f"on loopback {TODAY}. Used as 'another service's JSON' where Netdata was expected.",
        )
    for path in rec.written:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
