"""Re-record the HTTP fixtures of the qBittorrent, Transmission and Prometheus integrations.

Talks to the real services on loopback (started by tests/live/services/<svc>/run.sh; this script
starts them if needed) and writes one JSON file per exchange to
``tests/integrations/<id>/fixtures/<name>.json``::

    {"source": "...", "request": {"method": "GET", "path": "/api/v2/transfer/info"},
     "response": {"status": 200, "headers": {"content-type": "application/json"}, "body": ...}}

``request`` may also carry ``headers`` (only the ones that matter: cookie, session id,
authorization) and ``body`` (form fields or JSON) for POSTs. ``response.body`` is the parsed JSON,
or the text for non-JSON bodies. Only meaningful response headers are kept, and secrets that
change every run are replaced by fixed fakes (SID cookie, X-Transmission-Session-Id).

usage (from the repository root, services installed with tests/live/services/install.sh):
    .venv/bin/python tests/live/record_fixtures.py [qbittorrent|transmission|prometheus ...]
"""

from __future__ import annotations

import base64
import json
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest

if __package__ in (None, ""):  # run as a file path: make the repository root importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.live.recorder import HTML_TRIM, TODAY, Recorder, debian_version
from tests.live.services import (
    PASSWORD,
    TEST_PAYLOAD_DIR,
    TEST_TORRENT,
    USERNAME,
    ServiceInfo,
    ensure_service,
    restart_service,
)

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "integrations"
FAKE_SID = "fixture-session-id"
FAKE_TRANSMISSION_ID = "FixtureTransmissionSessionId0123456789abcdefghij"  # 48 chars, like the real


def client() -> httpx.Client:
    return httpx.Client(timeout=10.0, trust_env=False)


def html_page(url: str, path: str) -> httpx.Response:
    with client() as c:
        return c.get(f"{url}{path}")


def not_that_service_source(origin: str, path: str, redirect_note: str = "") -> str:
    return (
        f"{origin}: GET {path} HTML page{redirect_note}, body trimmed to the first "
        f"{HTML_TRIM} characters; recorded on loopback {TODAY}. Used as the generic "
        "'not that service' response (an HTML page where the API was expected)."
    )


def record_prometheus_page(rec: Recorder, prom: ServiceInfo) -> None:
    rec.record(
        "not_that_service",
        html_page(prom.url, "/classic/graph"),
        trim=HTML_TRIM,
        source=not_that_service_source(
            f"Prometheus {prom.version} (Debian bookworm)",
            "/classic/graph",
            " (Debian's build has no React UI: /graph redirects 301 -> /graph/ -> 302 here)",
        ),
    )


# --- qBittorrent -------------------------------------------------------------------------------
def record_qbittorrent(prom: ServiceInfo) -> list[Path]:
    svc = ensure_service("qbittorrent")
    url = svc.url
    with client() as c:  # webapiVersion needs a session too
        c.post(f"{url}/api/v2/auth/login", data={"username": USERNAME, "password": PASSWORD})
        webapi_version = c.get(f"{url}/api/v2/app/webapiVersion").raise_for_status().text.strip()
    rec = Recorder(
        "qbittorrent",
        f"qBittorrent {svc.version.lstrip('v')} (WebAPI {webapi_version}), qbittorrent-nox "
        f"{debian_version('qbittorrent-nox')} from Debian bookworm, recorded on loopback {TODAY}",
        cookie_fakes={"SID": FAKE_SID},
    )
    cookie = {"cookie": f"SID={FAKE_SID}"}
    good = {"username": USERNAME, "password": PASSWORD}
    bad = {"username": USERNAME, "password": "wrong-password"}
    with client() as c:
        rec.record(
            "auth_login_wrong_password",
            c.post(f"{url}/api/v2/auth/login", data=bad),
            request_body=bad,
        )
        rec.record(
            "auth_login_ok", c.post(f"{url}/api/v2/auth/login", data=good), request_body=good
        )
        rec.record("app_version", c.get(f"{url}/api/v2/app/version"), request_headers=cookie)
        rec.record(
            "app_webapi_version", c.get(f"{url}/api/v2/app/webapiVersion"), request_headers=cookie
        )
        # the seeded torrent (qbittorrent/run.sh) must be verified and seeding
        deadline = time.monotonic() + 15
        while True:
            torrents = c.get(f"{url}/api/v2/torrents/info").json()
            if torrents and all(t["progress"] == 1 for t in torrents):
                break
            if time.monotonic() > deadline:
                raise RuntimeError(f"qBittorrent torrents not seeding: {torrents}")
            time.sleep(0.3)
        rec.record("transfer_info", c.get(f"{url}/api/v2/transfer/info"), request_headers=cookie)
        rec.record("torrents_info", c.get(f"{url}/api/v2/torrents/info"), request_headers=cookie)
        rec.record(
            "sync_maindata",
            c.get(f"{url}/api/v2/sync/maindata", params={"rid": 0}),
            request_headers=cookie,
        )
    with client() as anonymous:
        rec.record("forbidden_no_cookie", anonymous.get(f"{url}/api/v2/transfer/info"))
    record_prometheus_page(rec, prom)
    # IP ban after too many wrong passwords: the run script disables it (MaxAuthenticationFailCount
    # = 0); turn it on at 1 failure, trigger it, record, then restart (the run script rewrites the
    # config and the ban list lives in memory).
    with client() as c:
        c.post(f"{url}/api/v2/auth/login", data=good)
        prefs = {"web_ui_max_auth_fail_count": 1, "web_ui_ban_duration": 60}
        c.post(f"{url}/api/v2/app/setPreferences", data={"json": json.dumps(prefs)})
    try:
        with client() as c:
            c.post(f"{url}/api/v2/auth/login", data=bad)
            rec.record(
                "auth_login_banned",
                c.post(f"{url}/api/v2/auth/login", data=good),
                request_body=good,
            )
    finally:
        restart_service("qbittorrent")
    return rec.written


# --- Transmission ------------------------------------------------------------------------------
def record_transmission(prom: ServiceInfo) -> list[Path]:
    svc = ensure_service("transmission")
    rpc = f"{svc.url}/transmission/rpc"
    auth = (USERNAME, PASSWORD)
    with client() as c:
        first = c.post(rpc, auth=auth, json={"method": "session-get"})
        sid = first.headers["x-transmission-session-id"]
        hdr = {"X-Transmission-Session-Id": sid}
        rpc_version = c.post(rpc, auth=auth, json={"method": "session-get"}, headers=hdr).json()[
            "arguments"
        ]["rpc-version"]
    rec = Recorder(
        "transmission",
        f"Transmission {svc.version} (RPC version {rpc_version}), transmission-daemon "
        f"{debian_version('transmission-daemon')} from Debian bookworm, recorded on loopback "
        f"{TODAY}",
    )
    rec.replacements[sid] = FAKE_TRANSMISSION_ID
    basic = "Basic " + base64.b64encode(f"{USERNAME}:{PASSWORD}".encode()).decode()
    with_auth = {"authorization": basic}
    with_sid = {**with_auth, "x-transmission-session-id": FAKE_TRANSMISSION_ID}

    def call(name: str, body: dict[str, Any]) -> dict[str, Any]:
        with client() as c:
            r = c.post(rpc, auth=auth, json=body, headers=hdr)
            rec.record(name, r, request_headers=with_sid, request_body=body)
            data: dict[str, Any] = r.json()
            return data

    with client() as c:
        body = {"method": "session-get"}
        rec.record(
            "handshake_409",
            c.post(rpc, auth=auth, json=body),
            request_headers=with_auth,
            request_body=body,
        )
        bad = "Basic " + base64.b64encode(f"{USERNAME}:wrong-password".encode()).decode()
        rec.record(
            "unauthorized_401",
            c.post(rpc, auth=(USERNAME, "wrong-password"), json=body),
            request_headers={"authorization": bad},
            request_body=body,
        )
    call("session_get", {"method": "session-get"})
    # start from an empty list so torrent-add answers "torrent-added" and the id is 1-based stable
    listed = call_quiet(rpc, auth, hdr, {"method": "torrent-get", "arguments": {"fields": ["id"]}})
    ids = [t["id"] for t in listed["arguments"]["torrents"]]
    if ids:
        call_quiet(
            rpc,
            auth,
            hdr,
            {"method": "torrent-remove", "arguments": {"ids": ids, "delete-local-data": False}},
        )
    metainfo = base64.b64encode(TEST_TORRENT.read_bytes()).decode()
    add = {
        "method": "torrent-add",
        "arguments": {"metainfo": metainfo, "download-dir": str(TEST_PAYLOAD_DIR)},
    }
    call("torrent_add", add)
    fields = [
        "id",
        "name",
        "status",
        "percentDone",
        "rateDownload",
        "rateUpload",
        "totalSize",
        "eta",
        "error",
        "errorString",
        "addedDate",
    ]
    get = {"method": "torrent-get", "arguments": {"fields": fields}}
    deadline = time.monotonic() + 15
    while True:  # wait until the local payload is verified and the torrent seeds (status 6)
        torrents = call_quiet(rpc, auth, hdr, get)["arguments"]["torrents"]
        if torrents and all(t["percentDone"] == 1 and t["status"] == 6 for t in torrents):
            break
        if time.monotonic() > deadline:
            raise RuntimeError(f"Transmission torrents not seeding: {torrents}")
        time.sleep(0.3)
    call("torrent_get", get)
    call("session_stats", {"method": "session-stats"})
    record_prometheus_page(rec, prom)
    return rec.written


def call_quiet(
    rpc: str, auth: tuple[str, str], hdr: dict[str, str], body: dict[str, Any]
) -> dict[str, Any]:
    with client() as c:
        r = c.post(rpc, auth=auth, json=body, headers=hdr)
        r.raise_for_status()
        data: dict[str, Any] = r.json()
        return data


# --- Prometheus --------------------------------------------------------------------------------
def record_prometheus(qbt: ServiceInfo) -> list[Path]:
    svc = ensure_service("prometheus")
    url = svc.url
    rec = Recorder(
        "prometheus",
        f"Prometheus {svc.version}, prometheus {debian_version('prometheus')} from Debian "
        f"bookworm, scraping itself every 5 s, recorded on loopback {TODAY}",
    )
    with client() as c:
        rec.record("buildinfo", c.get(f"{url}/api/v1/status/buildinfo"))
        rec.record("query_up", c.get(f"{url}/api/v1/query?{urlencode({'query': 'up'})}"))
        rec.record("query_bad_data", c.get(f"{url}/api/v1/query?{urlencode({'query': 'up{'})}"))
        rec.record("targets", c.get(f"{url}/api/v1/targets"))
        rec.record("healthy", c.get(f"{url}/-/healthy"))
        rec.record("ready", c.get(f"{url}/-/ready"))
    rec.record(
        "not_that_service",
        html_page(qbt.url, "/"),
        trim=HTML_TRIM,
        source=not_that_service_source(
            f"qBittorrent {qbt.version.lstrip('v')} WebUI (qbittorrent-nox, Debian bookworm)", "/"
        ),
    )
    return rec.written


def main(argv: Iterable[str]) -> int:
    wanted = list(argv) or ["qbittorrent", "transmission", "prometheus"]
    try:
        # each folder's not_that_service page comes from another service
        prom = ensure_service("prometheus")
        qbt = ensure_service("qbittorrent")
        written: list[Path] = []
        if "qbittorrent" in wanted:
            written += record_qbittorrent(prom)
        if "transmission" in wanted:
            written += record_transmission(prom)
        if "prometheus" in wanted:
            written += record_prometheus(qbt)
    except (pytest.skip.Exception, pytest.fail.Exception) as exc:
        print(f"record_fixtures: service unavailable: {exc}", file=sys.stderr)
        return 1
    for path in written:
        print(path.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
