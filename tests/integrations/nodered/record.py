"""Re-record the Node-RED fixtures from the real Node-RED on loopback.

Starts the services with tests/live/services/<svc>/run.sh when needed (install them first with
tests/live/services/install.sh nodered syncthing caddy) and writes one JSON file per exchange to
tests/integrations/nodered/fixtures/. A second, short-lived Node-RED without adminAuth and with
diagnostics disabled gives the "_no_auth" and "_disabled" answers. Tokens are replaced by fakes.
The "not that service" answers come from Syncthing (an HTML page) and Caddy (other JSON).

usage (from the repository root): .venv/bin/python tests/integrations/nodered/record.py
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

if __package__ in (None, ""):  # run as a file path: make the repository root importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from tests.live.recorder import HTML_TRIM, TODAY, Recorder
from tests.live.services import PASSWORD, SVC_ROOT, USERNAME, ensure_service
from tests.support.server import free_port

ROOT = Path(__file__).resolve().parents[3]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
RED_JS = SVC_ROOT / "npm" / "nodered" / "node_modules" / "node-red" / "red.js"
KEEP_HEADERS = ("content-type", "www-authenticate")
FAKE_TOKEN = "fixture-access-token"
START_TIMEOUT_S = 30.0
LOGIN = {
    "client_id": "node-red-admin",
    "grant_type": "password",
    "scope": "*",
    "username": USERNAME,
}


@contextmanager
def bare_nodered() -> Iterator[str]:
    """A Node-RED without adminAuth, with diagnostics disabled and no flows, on a free port."""
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="tilewire-nodered-") as home:
        settings = Path(home) / "settings.js"
        options = {
            "uiHost": "127.0.0.1",
            "uiPort": port,
            "flowFile": "flows.json",
            "telemetry": {"enabled": False},
            "diagnostics": {"enabled": False},
            "logging": {"console": {"level": "warn"}},
        }
        settings.write_text(f"module.exports = {json.dumps(options)};\n")
        proc = subprocess.Popen(
            ["node", str(RED_JS), "--settings", str(settings), "--userDir", home],
            cwd=home,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            stdin=subprocess.DEVNULL,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + START_TIMEOUT_S
            with httpx.Client(trust_env=False, timeout=2) as c:
                while True:
                    try:
                        if c.get(f"{url}/settings").status_code == 200:
                            break
                    except httpx.HTTPError:
                        pass
                    if time.monotonic() > deadline or proc.poll() is not None:
                        raise RuntimeError("the bare Node-RED did not start")
                    time.sleep(0.2)
            yield url
        finally:
            proc.terminate()
            proc.wait(timeout=10)


def main() -> int:
    try:
        svc = ensure_service("nodered")
        syncthing = ensure_service("syncthing")
        caddy = ensure_service("caddy")
    except (pytest.skip.Exception, pytest.fail.Exception) as exc:
        print(f"record: service unavailable: {exc}", file=sys.stderr)
        return 1
    node = subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip()
    source = (
        f"Node-RED {svc.version} from npm on Node.js {node} "
        f"(tests/live/services/nodered/run.sh, adminAuth admin / {PASSWORD}), recorded on "
        f"loopback {TODAY}"
    )
    rec = Recorder("nodered", keep_headers=KEEP_HEADERS, trim=HTML_TRIM)
    bearer = {"authorization": f"Bearer {FAKE_TOKEN}"}
    with httpx.Client(base_url=svc.url, trust_env=False, timeout=10) as c:
        rec.record("auth_login", c.get("/auth/login"), source)
        good = {**LOGIN, "password": PASSWORD}
        bad = {**LOGIN, "password": "wrong-password"}
        rec.record(
            "auth_token_wrong_password", c.post("/auth/token", data=bad), source, request_body=bad
        )
        login = c.post("/auth/token", data=good)
        token = login.raise_for_status().json()["access_token"]
        rec.replacements[token] = FAKE_TOKEN
        rec.record("auth_token", login, source, request_body=good)
        auth = {"Authorization": f"Bearer {token}"}
        rec.record("settings", c.get("/settings", headers=auth), source, request_headers=bearer)
        v2 = {**auth, "Node-RED-API-Version": "v2"}
        rec.record(
            "flows",
            c.get("/flows", headers=v2),
            source,
            request_headers={**bearer, "node-red-api-version": "v2"},
        )
        rec.record(
            "diagnostics", c.get("/diagnostics", headers=auth), source, request_headers=bearer
        )
        rec.record("no_token", c.get("/settings"), source)
        # a token revoked (as an expired one): log in again, revoke, use it
        revoked = c.post("/auth/token", data=good).raise_for_status().json()["access_token"]
        c.post(
            "/auth/revoke",
            data={"token": revoked},
            headers={"Authorization": f"Bearer {revoked}"},
        ).raise_for_status()
        rec.replacements[revoked] = "fixture-revoked-token"
        rec.record(
            "revoked_token",
            c.get("/flows", headers={"Authorization": f"Bearer {revoked}"}),
            f"{source}; the token was revoked with POST /auth/revoke first",
            request_headers={"authorization": "Bearer fixture-revoked-token"},
        )
    with bare_nodered() as bare, httpx.Client(base_url=bare, trust_env=False, timeout=10) as c:
        plain = (
            f"Node-RED {svc.version} from npm on Node.js {node}, a second instance without "
            f"adminAuth and with diagnostics disabled, recorded on loopback {TODAY}"
        )
        rec.record("auth_login_no_auth", c.get("/auth/login"), plain)
        rec.record("auth_token_no_auth", c.post("/auth/token", data=good), plain, request_body=good)
        rec.record("settings_no_auth", c.get("/settings"), plain)
        rec.record("diagnostics_disabled", c.get("/diagnostics"), plain)
        rec.record(
            "flows_empty",
            c.get("/flows", headers={"Node-RED-API-Version": "v2"}),
            plain,
            request_headers={"node-red-api-version": "v2"},
        )
    with httpx.Client(trust_env=False, timeout=10) as c:
        rec.record(
            "not_that_service",
            c.get(f"{syncthing.url}/"),
            f"Syncthing {syncthing.version} GUI page (GET /, Debian bookworm), body trimmed to the "
            f"first {HTML_TRIM} characters; recorded on loopback {TODAY}. Used as 'not that "
            "service': an HTML page where Node-RED's admin API was expected.",
        )
        rec.record(
            "other_json",
            c.get(f"{caddy.url}/config/"),
            f"Caddy {caddy.version} admin API GET /config/ (Debian bookworm); recorded on "
            f"loopback {TODAY}. Used as 'not that service': JSON that is not Node-RED's.",
        )
    for path in rec.written:
        print(path.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
