"""Re-record the iCal fixtures from the real Radicale on loopback.

Starts Radicale with tests/live/services/radicale/run.sh when needed (install it first with
tests/live/services/install.sh radicale), fills the calendar ``family`` of the test user with
the events of ``family_events`` (dates relative to the day of recording) and writes one JSON
file per exchange to tests/integrations/ical/fixtures/: the collection served as an .ics file
(GET), its PROPFIND and calendar-query REPORT answers, the PROPFIND of the user's home (a
collection that is no calendar) and the refusal of a wrong password.

usage (from the repository root): .venv/bin/python tests/integrations/ical/record.py
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx

if __package__ in (None, ""):  # run as a file path: make the repository root importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from integrations.ical.client import PROPFIND, REPORT, XML_HEADERS, caldav_time
from tests.integrations.ical.calendars import family_events
from tests.live.recorder import TODAY, Recorder
from tests.live.services import PASSWORD, USERNAME, ensure_service
from tests.live.specs.radicale import AUTH, put_calendar

COLLECTION = "family"
NAME = "Family"


def main() -> None:
    svc = ensure_service("radicale")
    source = (
        f"Radicale {svc.version} (PyPI) on 127.0.0.1, calendar {COLLECTION!r} filled by "
        f"tests/integrations/ical/record.py, recorded {TODAY}"
    )
    recorder = Recorder("ical", source, keep_headers=("content-type", "www-authenticate"))
    now = datetime.now(UTC)
    url = put_calendar(svc.url, COLLECTION, NAME, family_events(now))
    home = f"{svc.url}/{USERNAME}/"
    dav = {**XML_HEADERS, "Depth": "0"}
    with httpx.Client(timeout=10.0, trust_env=False, auth=AUTH) as http:
        recorder.record("ics", http.get(url), note="GET of the collection: its .ics export")
        recorder.record(
            "propfind",
            http.request("PROPFIND", url, headers=dav, content=PROPFIND),
            note="PROPFIND displayname and resourcetype, Depth 0",
        )
        body = REPORT.format(
            start=caldav_time(now - timedelta(days=1)),
            end=caldav_time(now + timedelta(days=400)),
        )
        recorder.record(
            "report",
            http.request("REPORT", url, headers={**dav, "Depth": "1"}, content=body.encode()),
            note="REPORT calendar-query with a time-range over the next 400 days",
        )
        recorder.record(
            "propfind_home",
            http.request("PROPFIND", home, headers=dav, content=PROPFIND),
            note="PROPFIND of the user's home collection, which is no calendar",
        )
    wrong = httpx.get(url, auth=(USERNAME, "wrong-" + PASSWORD), timeout=10.0, trust_env=False)
    recorder.record("unauthorized", wrong, note="GET with a wrong password")
    recorder.report()


if __name__ == "__main__":
    main()
