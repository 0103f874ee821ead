"""Re-record the changedetection.io fixtures from the real changedetection.io on loopback.

Starts it if needed (tests/live/services/changedetection/run.sh: 127.0.0.1:18220 with three
watches), makes a change on the ``file://`` test page and has it rechecked, waits until the
watch on the dead port reports its error, records the API answers, and finally marks the change
viewed again.

usage (from the repository root, installed with tests/live/services/install.sh changedetection):
    .venv/bin/python tests/integrations/changedetection/record.py
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

if __package__ in (None, ""):  # run as a file path: make the repository root importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from tests.live.recorder import HTML_TRIM, Recorder
from tests.live.services import ensure_service
from tests.live.specs.changedetection import API_KEY, DEAD_URL, PAGE

FIXTURES = Path(__file__).resolve().parent / "fixtures"
KEEP_HEADERS = ("content-type",)
WRONG_KEY = "wrong-api-key"
WAIT_S = 60.0  # a check of the dead port takes about 30 s of connection retries


def recorder(source: str) -> Recorder:
    return Recorder(
        "changedetection", source, keep_headers=KEEP_HEADERS, request_headers=("x-api-key",)
    )


def wait_for(what: str, check: Callable[[], bool]) -> None:
    deadline = time.monotonic() + WAIT_S
    while not check():
        if time.monotonic() > deadline:
            raise TimeoutError(f"changedetection.io: {what} not reached after {WAIT_S:.0f} s")
        time.sleep(0.5)


def main() -> None:
    svc = ensure_service("changedetection")
    today = dt.date.today().isoformat()
    rec = recorder(f"changedetection.io {svc.version}, PyPI venv, recorded on loopback {today}")
    with httpx.Client(
        base_url=f"{svc.url}/api/v1", headers={"x-api-key": API_KEY}, timeout=10, trust_env=False
    ) as c:

        def watches() -> dict[str, Any]:
            result: dict[str, Any] = c.get("/watch").raise_for_status().json()
            return result

        by_url = {w["url"]: uuid for uuid, w in watches().items()}
        page, dead = by_url[PAGE.as_uri()], by_url[DEAD_URL]
        before = watches()[page]
        # as if the page had been viewed before this change (last_viewed >= its newest snapshot)
        viewed = {"last_viewed": max(before["last_checked"], before["last_changed"])}
        c.put(f"/watch/{page}", json=viewed).raise_for_status()
        PAGE.write_text(f"tilewire test page, changed at {time.time():.0f}\n")
        c.get(f"/watch/{page}", params={"recheck": 1}).raise_for_status()
        wait_for(
            "a detected change",
            lambda: (
                watches()[page]["last_changed"] > before["last_changed"]
                and watches()[page]["last_checked"] > before["last_checked"]
            ),
        )
        wait_for("the dead port's error", lambda: bool(watches()[dead]["last_error"]))

        rec.record("watch_list", c.get("/watch"))
        assert watches()[page]["viewed"] is False
        rec.record("systeminfo", c.get("/systeminfo"))
        wrong = {"x-api-key": WRONG_KEY}
        rec.record("systeminfo_wrong_key", c.get("/systeminfo", headers=wrong))
        rec.record("watch_list_wrong_key", c.get("/watch", headers=wrong))
        record_recheck_all(rec, c)
        c.put(f"/watch/{page}", json={"last_viewed": int(time.time()) + 1}).raise_for_status()
    with httpx.Client(timeout=10, trust_env=False) as anonymous:
        rec.record("systeminfo_no_key", anonymous.get(f"{svc.url}/api/v1/systeminfo"))
        rec.record("not_that_service", anonymous.get(f"{svc.url}/"), trim=HTML_TRIM)


def record_recheck_all(rec: Recorder, c: httpx.Client) -> None:
    """The recheckAll action's answer, and its refusal for a wrong key."""
    recheck = {"recheck_all": 1}
    rec.record("watch_recheck_all", c.get("/watch", params=recheck))
    wrong = {"x-api-key": WRONG_KEY}
    rec.record("watch_recheck_all_wrong_key", c.get("/watch", params=recheck, headers=wrong))


if __name__ == "__main__":
    main()
