"""Re-record the NZBGet fixtures from the real NZBGet on loopback.

Starts the services if needed (tests/live/services/nzbget/run.sh, and deluge/run.sh for the
"not that service" answers), records one JSON file per exchange into ``fixtures/``, and leaves
NZBGet as run.sh left it (the download queue is resumed after the paused recording).

usage (from the repository root, after tests/live/services/install.sh nzbget deluge):
    .venv/bin/python tests/integrations/nzbget/record.py [--actions]
(--actions: only the answers to actions, each undone)
"""

from __future__ import annotations

import base64
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest

if __package__ in (None, ""):  # run as a file path: make the repository root importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from tests.live.recorder import HTML_TRIM, TODAY, Recorder, debian_version
from tests.live.services import ensure_service

FAKE_TOKEN = "fixture-auth-token"


class NZBGet:
    """Raw JSON-RPC calls that record what they are told to."""

    def __init__(self, url: str, auth: tuple[str, str], rec: Recorder) -> None:
        self.url = f"{url}/jsonrpc"
        self.rec = rec
        self.auth = auth
        basic = base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode()
        self.headers = {"authorization": f"Basic {basic}"}
        self.http = httpx.Client(timeout=10.0, trust_env=False)
        self.ids = 0

    def scrub(self, response: httpx.Response) -> httpx.Response:
        token = response.cookies.get("Auth-Token")  # the web UI's session: not kept
        if token:
            self.rec.replacements[token] = FAKE_TOKEN
        return response

    def version(self, name: str, auth: tuple[str, str] | None = None) -> httpx.Response:
        auth = auth or self.auth
        response = self.scrub(self.http.get(f"{self.url}/version", auth=auth))
        basic = base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode()
        self.rec.record(name, response, request_headers={"authorization": f"Basic {basic}"})
        return response

    def __call__(self, method: str, *params: Any, name: str | None = None) -> Any:
        self.ids += 1
        body = {"method": method, "params": list(params), "id": self.ids}
        response = self.scrub(self.http.post(self.url, json=body, auth=self.auth))
        if name is not None:
            self.rec.record(name, response, request_headers=self.headers, request_body=body)
        data = response.raise_for_status().json()
        if method != "nosuchmethod" and "error" in data:
            raise RuntimeError(f"{method}: {data['error']}")
        return data.get("result")


UNKNOWN_NZB = 99999


def record_actions(nzbget: NZBGet) -> None:
    """Pause the download queue, pause and resume its queued NZB meanwhile (so nothing starts
    downloading), edit an id no NZB has, and resume the queue: left as run.sh left it."""
    queued = next(g["NZBID"] for g in nzbget("listgroups", 0) if g["Status"] == "QUEUED")
    try:
        assert nzbget("pausedownload", name="pausedownload") is True
        assert nzbget("editqueue", "GroupPause", "", [queued], name="editqueue_pause") is True
        assert nzbget("editqueue", "GroupResume", "", [queued], name="editqueue_resume") is True
        unknown = nzbget("editqueue", "GroupPause", "", [UNKNOWN_NZB], name="editqueue_unknown")
        assert unknown is False
    finally:
        nzbget("editqueue", "GroupResume", "", [queued])
        assert nzbget("resumedownload", name="resumedownload") is True


def main() -> int:
    try:
        svc = ensure_service("nzbget")
        deluge = ensure_service("deluge")
    except (pytest.skip.Exception, pytest.fail.Exception) as exc:
        print(f"record: service unavailable: {exc}", file=sys.stderr)
        return 1
    assert svc.username
    assert svc.password
    rec = Recorder(
        "nzbget",
        f"NZBGet {svc.version}, nzbget {debian_version('nzbget')} from Debian bookworm, two NZBs "
        f"queued by tests/live/services/nzbget/run.sh (no reachable news server), recorded on "
        f"loopback {TODAY}",
    )
    nzbget = NZBGet(svc.url, (svc.username, svc.password), rec)
    record_actions(nzbget)
    if "--actions" in sys.argv[1:]:
        return 0
    nzbget.version("version")
    nzbget.version("version_unauthorized", auth=(svc.username, "wrong-password"))
    groups = nzbget("listgroups", 0, name="listgroups")
    assert {g["Status"] for g in groups} == {"PAUSED", "QUEUED"}, groups
    nzbget("status", name="status")
    nzbget("nosuchmethod", name="invalid_procedure")
    try:
        nzbget("pausedownload")
        nzbget("status", name="status_download_paused")
    finally:
        nzbget("resumedownload")

    with httpx.Client(timeout=10.0, trust_env=False) as http:
        rec.record(
            "not_that_service",
            http.get(f"{deluge.url}/"),
            trim=HTML_TRIM,
            source=f"Deluge {deluge.version} web UI (deluge-web, Debian bookworm): GET /, body "
            f"trimmed to the first {HTML_TRIM} characters; recorded on loopback {TODAY}. Used "
            "as 'not that service' (an HTML page where NZBGet's API was expected).",
        )
        body = {"method": "auth.check_session", "params": [], "id": 1}
        rec.record(
            "other_json",
            http.post(f"{deluge.url}/json", json=body),
            request_body=body,
            source=f"Deluge {deluge.version} (Debian bookworm) web JSON-RPC auth.check_session "
            f"without a session, recorded on loopback {TODAY}. Used as 'not that service' (JSON "
            "that is not NZBGet's).",
        )
    for path in rec.written:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
