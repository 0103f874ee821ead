"""Re-record the Deluge fixtures from the real Deluge on loopback.

Starts the services if needed (tests/live/services/deluge/run.sh, and nzbget/run.sh for the
"not that service" page), records one JSON file per exchange into ``fixtures/``, and leaves
Deluge as run.sh left it: the extra torrents of the mixed recording are removed and the daemon
restarted after the disconnected one.

usage (from the repository root, after tests/live/services/install.sh deluge nzbget):
    .venv/bin/python tests/integrations/deluge/record.py
"""

from __future__ import annotations

import base64
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

if __package__ in (None, ""):  # run as a file path: make the repository root importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from integrations.deluge.definition import STATUS_KEYS, TORRENT_KEYS
from tests.live.recorder import HTML_TRIM, TODAY, Recorder, debian_version
from tests.live.services import SCRIPTS_DIR, SVC_ROOT, ensure_service, restart_service

FAKE_SESSION = "fixture-session-id"
WAIT_S = 20.0
EXTRA = ("deluge-complete.bin", "deluge-incomplete.bin", "deluge-queued.bin", "deluge-paused.bin")


class Deluge:
    """A raw web API session that records what it is told to."""

    def __init__(self, url: str, rec: Recorder) -> None:
        self.url = f"{url}/json"
        self.rec = rec
        self.http = httpx.Client(timeout=30.0, trust_env=False)
        self.ids = 0

    def post(self, method: str, params: list[Any], name: str | None = None) -> httpx.Response:
        self.ids += 1
        body = {"method": method, "params": params, "id": self.ids}
        response = self.http.post(self.url, json=body)
        session = response.cookies.get("_session_id")
        if session:
            self.rec.replacements[session] = FAKE_SESSION
        if name is not None:
            sent_cookie = "cookie" in response.request.headers
            headers = {"cookie": f"_session_id={FAKE_SESSION}"} if sent_cookie else None
            self.rec.record(name, response, request_headers=headers, request_body=body)
        return response

    def __call__(self, method: str, *params: Any, name: str | None = None) -> Any:
        data = self.post(method, list(params), name).raise_for_status().json()
        if data["error"]:
            raise RuntimeError(f"{method}: {data['error']}")
        return data["result"]

    def login(self, password: str, name: str | None = None) -> None:
        self.post("auth.login", [password], name)

    def wait_for(self, what: str, check: Any) -> None:
        deadline = time.monotonic() + WAIT_S
        while not check():
            if time.monotonic() > deadline:
                raise RuntimeError(f"Deluge: timed out waiting for {what}")
            time.sleep(0.3)

    def states(self) -> dict[str, tuple[str, float]]:
        torrents = self("web.update_ui", ["state", "progress"], {})["torrents"] or {}
        return {h: (t["state"], t["progress"]) for h, t in torrents.items()}


def make_torrent(folder: Path, name: str, keep_payload: bool) -> tuple[str, Path]:
    payload = folder / name
    payload.write_bytes(bytes((i * 13 + len(name)) % 251 for i in range(150000)))
    torrent = folder / f"{name}.torrent"
    tool = SCRIPTS_DIR / "tools" / "mktorrent.py"
    out = subprocess.run(
        [sys.executable, str(tool), str(payload), str(torrent)],
        capture_output=True,
        text=True,
        check=True,
    )
    if not keep_payload:
        payload.unlink()
    return out.stdout.strip(), torrent


def record_mixed(deluge: Deluge) -> None:
    """Four more torrents: seeding then paused (complete), downloading without peers, queued
    behind it (one active download allowed), added paused; a Label and a download limit."""
    folder = SVC_ROOT / "data" / "deluge-record"
    folder.mkdir(parents=True, exist_ok=True)
    hashes: dict[str, str] = {}
    try:
        deluge("core.set_config", {"max_active_downloading": 1, "max_download_speed": 1000.0})
        deluge("core.enable_plugin", "Label")
        for name in EXTRA:
            info_hash, torrent = make_torrent(folder, name, keep_payload=name == EXTRA[0])
            hashes[name] = info_hash
            options = {"download_location": str(folder), "add_paused": name == EXTRA[3]}
            metainfo = base64.b64encode(torrent.read_bytes()).decode()
            deluge("core.add_torrent_file", torrent.name, metainfo, options)
        complete = hashes[EXTRA[0]]
        deluge.wait_for(
            "the complete torrent to seed", lambda: deluge.states()[complete][0] == "Seeding"
        )
        deluge("core.pause_torrent", complete)
        deluge.wait_for("the pause", lambda: deluge.states()[complete][0] == "Paused")
        deluge.wait_for(
            "one downloading and one queued torrent",
            lambda: (
                {s for s, _ in deluge.states().values()}
                >= {"Seeding", "Paused", "Downloading", "Queued"}
            ),
        )
        if "linux" not in deluge("label.get_labels"):
            deluge("label.add", "linux")
        deluge("label.set_torrent", hashes[EXTRA[1]], "linux")
        deluge("web.update_ui", TORRENT_KEYS, {}, name="web_update_ui_mixed")
        deluge("web.update_ui", STATUS_KEYS, {}, name="web_update_ui_status_mixed")
    finally:
        for info_hash in hashes.values():
            deluge("core.remove_torrent", info_hash, True)
        deluge("core.set_config", {"max_active_downloading": 3, "max_download_speed": -1.0})
        deluge("core.disable_plugin", "Label")


def record_disconnected(deluge: Deluge) -> None:
    """deluged gone (its parent deluge-web stays): the web UI answers without a daemon."""
    web_pid = int((SVC_ROOT / "pids" / "deluge.pid").read_text())
    children = subprocess.run(
        ["pgrep", "-P", str(web_pid)], capture_output=True, text=True, check=False
    ).stdout.split()
    try:
        for pid in children:
            os.kill(int(pid), signal.SIGTERM)
        deluge.wait_for("the web UI to notice", lambda: deluge("web.connected") is False)
        deluge("web.connected", name="web_connected_false")
        deluge("web.update_ui", TORRENT_KEYS, {}, name="web_update_ui_disconnected")
        hosts = deluge("web.get_hosts")
        deluge("web.connect", hosts[0][0], name="web_connect_failed")
        deluge.post("daemon.get_version", [], name="unknown_method_disconnected")
    finally:
        restart_service("deluge")


def main() -> int:
    try:
        svc = ensure_service("deluge")
        nzbget = ensure_service("nzbget")
    except (pytest.skip.Exception, pytest.fail.Exception) as exc:
        print(f"record: service unavailable: {exc}", file=sys.stderr)
        return 1
    assert svc.password
    rec = Recorder(
        "deluge",
        f"Deluge {svc.version}, deluged + deluge-web {debian_version('deluge-web')} from Debian "
        f"bookworm, recorded on loopback {TODAY}",
    )

    anonymous = Deluge(svc.url, rec)
    anonymous.post("web.update_ui", [TORRENT_KEYS, {}], name="not_authenticated")
    anonymous.login("wrong-password", name="auth_login_wrong_password")

    deluge = Deluge(svc.url, rec)
    deluge.login(svc.password, name="auth_login_ok")
    deluge("web.connected", name="web_connected")
    deluge("web.get_hosts", name="web_get_hosts")
    deluge("daemon.get_version", name="daemon_get_version")
    deluge("core.get_libtorrent_version", name="core_get_libtorrent_version")
    deluge.wait_for("the seeded torrent", lambda: ("Seeding", 100.0) in deluge.states().values())
    deluge("web.update_ui", TORRENT_KEYS, {}, name="web_update_ui")
    deluge("web.update_ui", STATUS_KEYS, {}, name="web_update_ui_status")
    deluge.post("daemon.info", [], name="unknown_method")
    record_mixed(deluge)
    record_disconnected(deluge)
    # after the restart the web UI connected to its daemon by itself: web.connect's answer
    again = Deluge(svc.url, rec)
    again.login(svc.password)
    again("web.disconnect")
    again("web.connect", again("web.get_hosts")[0][0], name="web_connect")

    nzbget_auth = (nzbget.username or "", nzbget.password or "")
    with httpx.Client(timeout=10.0, trust_env=False) as http:
        page = http.get(f"{nzbget.url}/", auth=nzbget_auth)
        token = page.cookies.get("Auth-Token")  # NZBGet's web UI session: not kept
        if token:
            rec.replacements[token] = "fixture-auth-token"
        rec.record(
            "not_that_service",
            page,
            trim=HTML_TRIM,
            source=f"NZBGet {nzbget.version} web UI (Debian bookworm): GET /, "
            f"body trimmed to the first {HTML_TRIM} characters; recorded on loopback {TODAY}. "
            "Used as 'not that service' (an HTML page where Deluge's API was expected).",
        )
        rec.record(
            "other_json",
            http.post(
                f"{nzbget.url}/jsonrpc",
                auth=nzbget_auth,
                json={"method": "version", "params": [], "id": 1},
            ),
            request_body={"method": "version", "params": [], "id": 1},
            source=f"NZBGet {nzbget.version} (Debian bookworm) JSON-RPC version call, recorded on "
            f"loopback {TODAY}. Used as 'not that service' (JSON that is not Deluge's).",
        )
    for path in rec.written:
        print(path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
