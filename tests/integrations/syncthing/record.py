"""Re-record the Syncthing fixtures from the real Syncthing on loopback.

Starts the services with tests/live/services/<svc>/run.sh when needed (install them first with
tests/live/services/install.sh syncthing nodered caddy) and writes one JSON file per exchange to
tests/integrations/syncthing/fixtures/. The "mixed" fixtures come from two folders added for the
recording and removed afterwards: one paused, one whose path is a file (state "error"). The
"not that service" answers come from Node-RED (an HTML page) and Caddy (other JSON).

usage (from the repository root): .venv/bin/python tests/integrations/syncthing/record.py
"""

from __future__ import annotations

import shutil
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

if __package__ in (None, ""):  # run as a file path: make the repository root importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from tests.live.recorder import HTML_TRIM, TODAY, Recorder, debian_version
from tests.live.services import SVC_ROOT, ensure_service

ROOT = Path(__file__).resolve().parents[3]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
KEEP_HEADERS = ("content-type", "x-syncthing-id", "x-syncthing-version")
FAKE_KEY = "fixture-api-key"
WAIT_S = 15.0
UNKNOWN_DEVICE = "3XS2HEB-RUCDQZH-WKSUGLZ-UEADWHC-DVVDMJR-WAAX6CF-LBMRJRC-75EYMAC"
"""A valid device ID (its check digits are right) that no test configures."""
BAD_CHECK_DIGIT = "AAAAAAA-BBBBBBB-CCCCCCC-DDDDDDD-EEEEEEE-FFFFFFF-GGGGGGG-HHHHHHH"


RECORDER = Recorder("syncthing", keep_headers=KEEP_HEADERS)


def record(name: str, response: httpx.Response, source: str, **options: Any) -> Path:
    RECORDER.record(name, response, source, trim=HTML_TRIM, **options)
    return RECORDER.written[-1]


def record_actions(c: httpx.Client, source: str, key: dict[str, str]) -> list[Path]:
    """The actions' answers: a rescan, a pause and resume of the peer (resumed again, as
    run.sh leaves it), and the refusals for an unknown folder, an unknown device and a device
    ID with a wrong check digit."""
    me = c.get("/rest/system/status").json()["myID"]
    peer = next(d["deviceID"] for d in c.get("/rest/config/devices").json() if d["deviceID"] != me)
    written: list[Path] = []

    def post(name: str, path: str, **params: str) -> None:
        response = c.post(path, params=params)
        written.append(record(name, response, source, request_headers=key))

    post("db_scan_folder1", "/rest/db/scan", folder="folder1")
    post("db_scan_no_such_folder", "/rest/db/scan", folder="nope")
    try:
        post("system_pause_peer", "/rest/system/pause", device=peer)
        post("system_resume_peer", "/rest/system/resume", device=peer)
    finally:
        c.post("/rest/system/resume", params={"device": peer}).raise_for_status()
    post("system_pause_unknown_device", "/rest/system/pause", device=UNKNOWN_DEVICE)
    post("system_pause_bad_check_digit", "/rest/system/pause", device=BAD_CHECK_DIGIT)
    return written


def main() -> int:
    try:
        svc = ensure_service("syncthing")
        nodered = ensure_service("nodered")
        caddy = ensure_service("caddy")
    except (pytest.skip.Exception, pytest.fail.Exception) as exc:
        print(f"record: service unavailable: {exc}", file=sys.stderr)
        return 1
    assert svc.password is not None
    source = (
        f"Syncthing {svc.version}, syncthing {debian_version('syncthing')} from Debian bookworm "
        f"(tests/live/services/syncthing/run.sh), recorded on loopback {TODAY}"
    )
    key = {"X-API-Key": FAKE_KEY}
    written: list[Path] = []
    with httpx.Client(
        base_url=svc.url, headers={"X-API-Key": svc.password}, trust_env=False, timeout=10
    ) as c:

        def get(name: str, path: str, **params: str) -> httpx.Response:
            response = c.get(path, params=params)
            written.append(record(name, response, source, request_headers=key))
            return response

        get("system_version", "/rest/system/version")
        get("system_status", "/rest/system/status")
        get("system_connections", "/rest/system/connections")
        get("config_folders", "/rest/config/folders")
        get("db_status_folder1", "/rest/db/status", folder="folder1")
        get("db_completion_folder1", "/rest/db/completion", folder="folder1")
        wrong = c.get("/rest/system/version", headers={"X-API-Key": "wrong-api-key"})
        written.append(
            record("wrong_api_key", wrong, source, request_headers={"X-API-Key": "wrong-api-key"})
        )
        with httpx.Client(trust_env=False, timeout=10) as anonymous:
            written.append(
                record("no_api_key", anonymous.get(f"{svc.url}/rest/system/version"), source)
            )

        written += record_actions(c, source, key)

        # two more folders for the "mixed" answers: one paused, one in the error state
        data = SVC_ROOT / "data" / "syncthing"
        (data / "paused").mkdir(parents=True, exist_ok=True)
        extra = {
            "paused": {
                "id": "paused",
                "label": "Paused",
                "path": str(data / "paused"),
                "paused": True,
            },
            "broken": {
                "id": "broken",
                "label": "Broken",
                "path": str(data / "folder1" / "a.txt"),
            },  # a file: "not a directory"
        }
        try:
            for folder_id, folder in extra.items():
                c.put(f"/rest/config/folders/{folder_id}", json=folder).raise_for_status()
            deadline = time.monotonic() + WAIT_S
            while c.get("/rest/db/status", params={"folder": "broken"}).json()["state"] != "error":
                if time.monotonic() > deadline:
                    raise RuntimeError("folder 'broken' did not reach the error state")
                time.sleep(0.3)
            get("config_folders_mixed", "/rest/config/folders")
            for folder_id in extra:
                get(f"db_status_{folder_id}", "/rest/db/status", folder=folder_id)
                get(f"db_completion_{folder_id}", "/rest/db/completion", folder=folder_id)
        finally:
            for folder_id in extra:
                c.delete(f"/rest/config/folders/{folder_id}")
            shutil.rmtree(data / "paused", ignore_errors=True)

    with httpx.Client(trust_env=False, timeout=10) as other:
        page = other.get(f"{nodered.url}/")
        written.append(
            record(
                "not_that_service",
                page,
                f"Node-RED {nodered.version} editor page (GET /, npm), body trimmed to the first "
                f"{HTML_TRIM} characters; recorded on loopback {TODAY}. Used as 'not that "
                "service': an HTML page where Syncthing's API was expected.",
            )
        )
        config = other.get(f"{caddy.url}/config/")
        written.append(
            record(
                "other_json",
                config,
                f"Caddy {caddy.version} admin API GET /config/ (Debian bookworm); recorded on "
                f"loopback {TODAY}. Used as 'not that service': JSON that is not Syncthing's.",
            )
        )
    for path in written:
        print(path.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
