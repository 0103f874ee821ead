"""Re-record the pyLoad fixtures from the real pyLoad-ng on loopback.

Starts pyLoad (and SABnzbd, whose login page is the 'not that service' page) if needed, then
writes one JSON file per exchange to ``tests/integrations/pyload/fixtures/``. The API key,
session cookies and CSRF tokens are replaced by fixed fakes; HTML pages are cut down to the
part the client reads (the login form). Recording the rate-limit answer spends the 100 API
calls a minute pyLoad allows, so pyLoad is restarted at the end to reset its counter.

usage (from the repository root): .venv/bin/python tests/integrations/pyload/record.py
[--actions]  (--actions: only the answers to actions, each undone; a dozen API calls)
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import httpx

if __package__ in (None, ""):  # run as a file: make the repository root importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from tests.live.recorder import TODAY, Recorder
from tests.live.services import PASSWORD, USERNAME, ensure_service, restart_service
from tests.live.specs.pyload import API_KEY

PACKAGE_VERSION = "0.5.0b3.dev101"
FIXTURE_API_KEY = "pl_11FixtureApiKeyFixtureApiKeyFixtureApiKey0123"  # same shape as a real key
WRONG_KEY = "pl_19" + "x" * 43  # well-formed, for key id 9, which does not exist
MALFORMED_KEY = "not-a-pyload-api-key"
FAKE_SESSION = "fixture-session-id"
FAKE_CSRF = "fixture-csrf-token"
COOKIE = re.compile(r"(pyload_session_\d+)=([^;]+)")
CSRF = re.compile(r'((?:name="csrf_token" value|name="csrf-token" content)=")([^"]+)"')
FORM = re.compile(r"<form.*?</form>", re.S)
ALERT = re.compile(r'<div class="alert.*?</div>', re.S)
KEEP_HEADERS = ("content-type", "location", "set-cookie", "retry-after")
HTML_TRIM = 300


def login_form(html: str) -> str:
    """The error (if any) and the form of a login page: what the client reads."""
    parts = [m.group(0) for m in (ALERT.search(html), FORM.search(html)) if m]
    return "\n".join(parts)


META_CSRF = re.compile(r'<meta name="csrf-token"[^>]*>')


def record_actions(url: str, rec: Recorder) -> None:
    """Pause and unpause the server with the API key and with a web session (whose POSTs need
    the CSRF token of its pages); the server is left downloading, as run.sh leaves it."""
    key = {"X-API-Key": API_KEY}
    with httpx.Client(base_url=url, timeout=10.0, trust_env=False) as http:
        try:
            rec.record("pause_server", http.post("/api/pause_server", headers=key))
            rec.record("status_server_paused", http.get("/api/status_server", headers=key))
        finally:
            rec.record("unpause_server", http.post("/api/unpause_server", headers=key))
        rec.record(
            "pause_server_get",
            http.get("/api/pause_server", headers=key),
            note="pause_server takes POST only",
        )
    with httpx.Client(base_url=url, timeout=10.0, trust_env=False) as web:
        page = web.get("/login")
        token = CSRF.search(page.text)
        assert token is not None, "no CSRF token on the login page"
        form = {"csrf_token": token.group(2), "username": USERNAME, "password": PASSWORD}
        assert web.post("/login", data=form).status_code == 302
        rec.record(
            "session_pause_server_no_csrf",
            web.post("/api/pause_server"),
            note="a logged-in session's POST without the CSRF token",
        )
        dashboard = web.get("/dashboard")
        meta = META_CSRF.search(dashboard.text)
        assert meta is not None, "no csrf-token meta tag on the dashboard"
        csrf = CSRF.search(meta.group(0))
        assert csrf is not None
        rec.replacements[csrf.group(2)] = FAKE_CSRF
        rec.record(
            "dashboard_csrf",
            dashboard,
            html=meta.group(0),
            note="HTML cut down to the csrf-token meta tag",
        )
        sent = {"X-CSRFToken": csrf.group(2)}
        try:
            rec.record(
                "session_pause_server",
                web.post("/api/pause_server", headers=sent),
                request_headers=sent,
                note="logged in, with the dashboard's CSRF token in X-CSRFToken",
            )
        finally:
            rec.record(
                "session_unpause_server",
                web.post("/api/unpause_server", headers=sent),
                request_headers=sent,
            )


def main() -> None:
    svc = ensure_service("pyload")
    if "--actions" in sys.argv[1:]:
        actions = Recorder(
            "pyload",
            f"pyLoad-ng {PACKAGE_VERSION} (get_server_version {svc.version}), PyPI pre-release "
            f"in a venv, recorded on loopback {TODAY}",
            keep_headers=KEEP_HEADERS,
            request_headers=("x-api-key", "cookie"),
            fakes={API_KEY: FIXTURE_API_KEY},
            patterns=((COOKIE, rf"\1={FAKE_SESSION}"), (CSRF, rf'\1{FAKE_CSRF}"')),
        )
        record_actions(svc.url, actions)
        actions.report()
        return
    sabnzbd = ensure_service("sabnzbd")
    # the test service's own password stays in the recorded login forms: it is the one the
    # fixtures' fake pyLoad accepts, and no real one
    rec = Recorder(
        "pyload",
        f"pyLoad-ng {PACKAGE_VERSION} (get_server_version {svc.version}), PyPI pre-release in "
        f"a venv, recorded on loopback {TODAY}",
        keep_headers=KEEP_HEADERS,
        request_headers=("x-api-key", "cookie"),
        fakes={API_KEY: FIXTURE_API_KEY},
        patterns=((COOKIE, rf"\1={FAKE_SESSION}"), (CSRF, rf'\1{FAKE_CSRF}"')),
    )
    key = {"X-API-Key": API_KEY}
    with httpx.Client(base_url=svc.url, timeout=10.0, trust_env=False) as http:
        for method in (
            "get_server_version",
            "status_server",
            "free_space",
            "get_queue_data",
            "get_collector",
            "status_downloads",
        ):
            rec.record(method, http.get(f"/api/{method}", headers=key))
        rec.record(
            "wrong_api_key",
            http.get("/api/get_server_version", headers={"X-API-Key": WRONG_KEY}),
            note=f"X-API-Key {WRONG_KEY} (well-formed, unknown key id 9)",
        )
        rec.record(
            "malformed_api_key",
            http.get("/api/get_server_version", headers={"X-API-Key": MALFORMED_KEY}),
            note=f"X-API-Key {MALFORMED_KEY}",
        )
        rec.record(
            "no_credentials",
            http.get("/api/status_server"),
            note="no key and no logged-in session: also what a session pyLoad forgot gets",
        )
        rec.record(
            "obsolete_api_login",
            http.post("/api/login", data={"username": USERNAME, "password": PASSWORD}),
            note="the pyLoad 0.4 login call, gone in 0.5",
        )

    with httpx.Client(base_url=svc.url, timeout=10.0, trust_env=False) as web:
        page = web.get("/login")
        token = CSRF.search(page.text)
        assert token is not None, "no CSRF token on the login page"
        rec.replacements[token.group(2)] = FAKE_CSRF  # in the recorded login forms
        note = "HTML cut down to the login form"
        rec.record("login_page", page, html=login_form(page.text), note=note)
        form = {"csrf_token": token.group(2), "username": USERNAME, "password": "wrong-password"}
        wrong = web.post("/login", data=form)
        rec.record(
            "login_wrong_password",
            wrong,
            html=login_form(wrong.text),
            request_body=form,
            note="HTML cut down to the error and the login form",
        )
        no_token = {"username": USERNAME, "password": PASSWORD}
        rec.record("login_no_csrf_token", web.post("/login", data=no_token), request_body=no_token)
        form = {**form, "password": PASSWORD}
        ok = web.post("/login", data=form)
        rec.record("login_ok", ok, request_body=form)
        dashboard = web.get(ok.headers["location"])
        rec.record(
            "dashboard",
            dashboard,
            html=dashboard.text[:HTML_TRIM],
            note=f"body trimmed to the first {HTML_TRIM} characters",
        )
        rec.record("session_status_server", web.get("/api/status_server"), note="logged in")

    with httpx.Client(timeout=10.0, trust_env=False) as http:
        rec.record(
            "not_that_service",
            http.get(f"{sabnzbd.url}/login/"),
            html=http.get(f"{sabnzbd.url}/login/").text[:HTML_TRIM],
            source=f"SABnzbd {sabnzbd.version} (Debian bookworm contrib): GET /login/ HTML page, "
            f"body trimmed to the first {HTML_TRIM} characters, recorded on loopback {TODAY}. "
            "Used as the 'not that service' answer (another service's HTML page where pyLoad's "
            "API or login page was expected)",
        )

    with httpx.Client(base_url=svc.url, timeout=10.0, trust_env=False) as http:
        for _ in range(101):
            response = http.get("/api/get_server_version", headers=key)
            if response.status_code == 429:
                rec.record("rate_limited", response, note="the 101st API call within a minute")
                break
        else:
            raise RuntimeError("pyLoad never answered 429")
    restart_service("pyload")  # its rate-limit counter lives in memory
    rec.report()


if __name__ == "__main__":
    main()
