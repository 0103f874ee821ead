"""Re-record the SABnzbd fixtures from the real SABnzbd on loopback.

Starts SABnzbd (and pyLoad, whose login page is the 'not that service' page) if needed, then
writes one JSON file per exchange to ``tests/integrations/sabnzbd/fixtures/``. The API key in
request paths is replaced by ``FIXTURE_API_KEY``. To catch a downloading job and one in
post-processing it adds a job for a dead news server, records while it fails (about 25 s),
then deletes it from the history again, so the service is left as sabnzbd/run.sh seeded it.

usage (from the repository root): .venv/bin/python tests/integrations/sabnzbd/record.py
[--actions]  (--actions: only the answers to actions, leaving the queue as it was)
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

import httpx

if __package__ in (None, ""):  # run as a file: make the repository root importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from tests.live.recorder import HTML_TRIM, TODAY, Recorder, debian_version
from tests.live.services import SVC_ROOT, ensure_service
from tests.live.specs.sabnzbd import API_KEY

FIXTURES = Path(__file__).resolve().parent / "fixtures"
FIXTURE_API_KEY = "FIXTURE_API_KEY"
KEEP_HEADERS = ("content-type",)
SPEED_LIMIT = "500K"


def recorder(source: str) -> Recorder:
    return Recorder("sabnzbd", source, keep_headers=KEEP_HEADERS, fakes={API_KEY: FIXTURE_API_KEY})


def record_actions(rec: Recorder, api: Callable[..., httpx.Response]) -> None:
    """The answers to pausing and resuming the queue and its paused job; each change is
    undone, so the queue is left as it was (paused job, queue running)."""
    nzo_id = api("queue").json()["queue"]["slots"][0]["nzo_id"]
    unknown = "SABnzbd_nzo_nosuchjob"
    rec.record("queue_job", api("queue", nzo_ids=nzo_id), note="the paused job, by its id")
    rec.record("queue_job_unknown", api("queue", nzo_ids=unknown), note="no job has this id")
    try:
        rec.record("pause", api("pause"), note="mode=pause: the whole queue")
    finally:
        rec.record("resume", api("resume"), note="mode=resume: the whole queue")
    try:
        rec.record("queue_resume", api("queue", name="resume", value=nzo_id))
    finally:
        rec.record("queue_pause", api("queue", name="pause", value=nzo_id))
    rec.record(
        "queue_pause_unknown",
        api("queue", name="pause", value=unknown),
        note="3.7.1 echoes an id no job has as if it paused it",
    )


def main() -> None:
    svc = ensure_service("sabnzbd")
    pyload = ensure_service("pyload")
    rec = recorder(
        f"SABnzbd {svc.version}, sabnzbdplus {debian_version('sabnzbdplus')} from Debian bookworm "
        f"contrib, recorded on loopback {TODAY}"
    )
    data = SVC_ROOT / "data" / "sabnzbd"
    with httpx.Client(base_url=svc.url, timeout=10.0, trust_env=False) as http:

        def api(mode: str, key: str | None = API_KEY, **params: str) -> httpx.Response:
            query = {"mode": mode, "output": "json", **params}
            if key is not None:
                query["apikey"] = key
            return http.get("/api", params=query)

        record_actions(rec, api)
        if "--actions" in sys.argv[1:]:
            rec.report()
            return
        rec.record("version", api("version", key=None), note="mode=version needs no API key")
        rec.record("queue", api("queue"), note="one job paused (priority -2)")
        rec.record("queue_limit_1", api("queue", limit="1"))
        rec.record("history", api("history", limit="20"), note="one job failed")
        rec.record("history_failed", api("history", limit="1", failed_only="1"))
        rec.record("wrong_api_key", api("queue", key="wrong-api-key-0123456789abcdef"))
        rec.record("missing_api_key", api("queue", key=None))
        rec.record("not_implemented", api("no-such-mode"))

        # A job that tries the dead news server: downloading at first, then post-processed
        # (it heads the history while at it), then failed.
        assert api("config", name="speedlimit", value=SPEED_LIMIT).json()["status"] is True
        added = api(
            "addlocalfile", name=str(data / "tilewire-failed.nzb"), nzbname="tilewire-recording"
        ).json()
        nzo_id = added["nzo_ids"][0]
        try:
            rec.record(
                "queue_busy",
                api("queue"),
                note=f"a job for a dead news server just added, speed limit {SPEED_LIMIT}",
            )
            deadline = time.monotonic() + 90
            while True:
                history = api("history", limit="20").json()["history"]["slots"]
                mine = next((s for s in history if s["nzo_id"] == nzo_id), None)
                if mine is not None and mine["status"] not in ("Completed", "Failed"):
                    note = f"job {mine['name']!r} in post-processing ({mine['status']})"
                    rec.record("history_processing", api("history", limit="20"), note=note)
                    rec.record(
                        "history_failed_processing",
                        api("history", limit="1", failed_only="1"),
                        note=note,
                    )
                    break
                if time.monotonic() > deadline:
                    raise RuntimeError("the recording job did not reach post-processing in 90 s")
                time.sleep(0.1)
        finally:
            api("config", name="speedlimit", value="0")
            for _ in range(100):  # delete the job wherever it is by now
                api("queue", name="delete", value=nzo_id)
                history = api("history").json()["history"]["slots"]
                mine = next((s for s in history if s["nzo_id"] == nzo_id), None)
                if mine is not None and mine["status"] in ("Completed", "Failed"):
                    api("history", name="delete", value=nzo_id)
                    break
                if mine is None and not any(
                    s["nzo_id"] == nzo_id for s in api("queue").json()["queue"]["slots"]
                ):
                    break
                time.sleep(0.5)

    with httpx.Client(timeout=10.0, trust_env=False) as http:
        rec.record(
            "not_that_service",
            http.get(f"{pyload.url}/login"),
            trim=HTML_TRIM,
            source=f"pyLoad-ng {pyload.version} (PyPI 0.5.0b3.dev101): GET /login HTML page, body "
            f"trimmed to the first {HTML_TRIM} characters, recorded on loopback {TODAY}. Used as "
            "the 'not that service' answer (another service's HTML page where the API was "
            "expected)",
        )
    rec.report()


if __name__ == "__main__":
    main()
