"""UrBackup integration against fixtures transcribed from UrBackup Server's source (the web
interface API of uroni/urbackup_backend 2.5.x, server 2.5.33).

The fake keeps the server's rules: ``a=salt`` opens a session for a user, ``a=login`` checks
the salted hash the way ``Helper::checkPassword`` does, every other action answers
``{"error": 1}`` to a session it does not know. Backup times in the fixtures are set relative
to ``NOW``, the clock the tests give Tilewire: no result depends on today's date.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Callable
from functools import partial
from typing import Any
from urllib.parse import parse_qs

import httpx
import pytest

from integrations.errors import ErrorCode
from integrations.urbackup import definition, integration
from integrations.urbackup.client import UrBackupClient, login_hash
from integrations.urbackup.definition import (
    MAX_CLIENTS,
    MAX_PROCESSES,
    UrBackupClients,
    UrBackupCounts,
    UrBackupProcess,
    UrBackupStatus,
    version_in_page,
)
from tests.integrations.upstream import (
    Clients,
    FakeUpstream,
    MemorySessions,
    fixture,
    fixture_body,
    refusal,
    response_of,
    secret_check,
)

ID = "urbackup"
BASE = "http://urbackup.test:55414"
USER = "admin"
PASSWORD = "correct horse battery staple"
WRONG = "wrong-password-0123"
NOW = 1_767_225_600
"""The fixtures' clock (2026-01-01T00:00:00Z): their backup times are set relative to it."""
HOUR, DAY = 3600, 86400
API = ("POST", "/x")
PAGE = ("GET", "/")

body = partial(fixture_body, ID)
refused = partial(refusal, ID)
assert_no_secret = secret_check(PASSWORD, WRONG)

MakeClient = Callable[..., UrBackupClient]


def account(username: str = USER, password: str = PASSWORD) -> dict[str, str]:
    return {"type": "usernamePassword", "username": username, "password": password}


ANONYMOUS = {"type": "none"}


def config(credentials: dict[str, str] | None = None, *, url: str = BASE) -> dict[str, Any]:
    return {"url": url, "credentials": credentials if credentials is not None else account()}


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(definition, "clock", lambda: float(NOW))


def form(request: httpx.Request) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(request.content.decode()).items()}


def answer(name: str, **changes: Any) -> httpx.Response:
    data = fixture(ID, name)
    data["response"]["body"] = {**data["response"]["body"], **changes}
    return response_of(data)


class FakeUrBackup:
    """UrBackup Server's web interface API over the transcribed answers. ``users`` maps a
    name to its password; none makes a server that logs anyone in anonymously."""

    def __init__(
        self,
        users: dict[str, str] | None = None,
        *,
        answers: dict[str, Any] | None = None,
        status_right: str = "all",
    ) -> None:
        salt = body("salt")
        self.salt, self.rounds, self.rnd = salt["salt"], salt["pbkdf2_rounds"], salt["rnd"]
        # as settings_db.si_users stores it: pbkdf2(md5(salt + password)), in hex
        self.stored = {
            name: hashlib.pbkdf2_hmac(
                "sha256",
                hashlib.md5((self.salt + password).encode()).digest(),
                self.salt.encode(),
                self.rounds,
            ).hex()
            for name, password in (users if users is not None else {USER: PASSWORD}).items()
        }
        self.answers = {"status": "status", "progress": "progress", "usage": "usage"}
        self.answers.update(answers or {})
        self.status_right = status_right
        self.pending: dict[str, str] = {}
        """Sessions opened by a=salt, not logged in yet: session id -> user."""
        self.live: set[str] = set()
        self.issued = 0
        self.upstream = FakeUpstream(ID, {API: self.handle, PAGE: "index"})

    def new_session(self) -> str:
        self.issued += 1
        return f"ses-{self.issued}"

    def handle(self, request: httpx.Request) -> httpx.Response:
        action, fields = request.url.params["a"], form(request)
        if action == "salt":
            return self.salt_answer(fields)
        if action == "login":
            return self.login(fields)
        if fields.get("ses") not in self.live:
            return response_of(fixture(ID, "session_unknown"))
        value = self.answers[action]
        if callable(value):
            value = value(request)
        return value if isinstance(value, httpx.Response) else response_of(fixture(ID, value))

    def salt_answer(self, fields: dict[str, str]) -> httpx.Response:
        ses = self.new_session()
        if fields.get("username") not in self.stored:
            return answer("salt_unknown_user", ses=ses)
        self.pending[ses] = fields["username"]
        return answer("salt", ses=ses)

    def login(self, fields: dict[str, str]) -> httpx.Response:
        username = fields.get("username")
        if not username:
            if self.stored:
                return response_of(fixture(ID, "login_anonymous_refused"))
            ses = self.new_session()
            self.live.add(ses)
            return answer("login_anonymous", session=ses)
        ses = fields.get("ses", "")
        if self.pending.get(ses) != username:
            return response_of(fixture(ID, "session_unknown"))
        # Helper::checkPassword: md5(rnd + the stored hash) against what was sent
        expected = hashlib.md5((self.rnd + self.stored[username]).encode()).hexdigest()
        if fields.get("password") != expected:
            return response_of(fixture(ID, "login_wrong_password"))
        del self.pending[ses]
        self.live.add(ses)
        if self.status_right != "all":
            return response_of(fixture(ID, "login_no_status_right"))
        return response_of(fixture(ID, "login_ok"))

    def restart(self) -> None:
        """The server forgets every session (a restart, or 30 minutes unused)."""
        self.pending.clear()
        self.live.clear()

    def calls(self, action: str) -> list[httpx.Request]:
        return [r for r in self.upstream.requests if r.url.params.get("a") == action]

    @property
    def logins(self) -> int:
        return len(self.calls("login"))


def every_text_sent(fake: FakeUrBackup) -> str:
    return " ".join(f"{r.url} {dict(r.headers)} {r.content!r}" for r in fake.upstream.requests)


# --- metadata and the login hash -------------------------------------------------------------


def test_metadata() -> None:
    assert (integration.id, integration.name, integration.default_port) == (
        "urbackup",
        "UrBackup",
        55414,
    )
    fields = [(f.name, f.kind.value) for f in integration.form() if f.group != "connection"]
    assert fields == [
        ("credentials.username", "string"),
        ("credentials.password", "secret"),
    ]
    status, clients = integration.endpoints["status"], integration.endpoints["clients"]
    assert (status.payload, status.ttl, status.min_refresh) == (UrBackupStatus, 30.0, 10.0)
    assert (clients.payload, clients.ttl, clients.min_refresh) == (UrBackupClients, 60.0, 15.0)
    assert integration.verification.startswith("Built from the UrBackup API documentation")


@pytest.mark.parametrize(
    ("rounds", "expected"),
    [(10000, "0dac9872558016f5fd8539c8ece359ff"), (0, "aae7104c969cc9ea7174633a6646e663")],
)
def test_login_hash_is_the_web_interfaces(rounds: int, expected: str) -> None:
    """Known answers computed by running the web interface's own scripts (md5.js and sjcl.js
    of urbackupserver/www/js, 2.5.x) through its login2() steps with the salt fixture's salt
    and rnd: with PBKDF2 (every account since 2.1) and without (older accounts)."""
    salt = body("salt")
    assert login_hash(PASSWORD, salt["salt"], rounds, salt["rnd"]) == expected


# --- the connection test ----------------------------------------------------------------------


async def test_connection_logs_in_with_the_salted_hash_and_reports_the_version(
    make_client: MakeClient,
) -> None:
    fake = FakeUrBackup()
    info = await integration.test_connection(make_client(fake.upstream))

    assert info.version == "2.5.33"
    assert info.details == {
        "revision": "ac806cbe0c",
        "clients": "6",  # the rejected "stranger" is no client
        "online": "3",
        "admin": "yes",
        "newestVersion": "2.5.34",
    }
    actions = [r.url.params.get("a") for r in fake.upstream.requests]
    assert actions == ["salt", "login", "status", None]
    salt, login, status = fake.calls("salt")[0], fake.calls("login")[0], fake.calls("status")[0]
    assert all(r.method == "POST" and r.url.path == "/x" for r in (salt, login, status))
    assert form(salt) == {"username": USER}
    assert form(login) == {
        "username": USER,
        "password": login_hash(PASSWORD, fake.salt, fake.rounds, fake.rnd),
        "ses": "ses-1",
    }
    assert form(status) == {"ses": "ses-1"}
    assert login.headers["content-type"] == "application/x-www-form-urlencoded"
    assert PASSWORD not in every_text_sent(fake)
    assert all("ses" not in str(r.url) for r in fake.upstream.requests)


async def test_anonymous_login_on_a_server_without_accounts(make_client: MakeClient) -> None:
    fake = FakeUrBackup(users={})
    info = await integration.test_connection(make_client(fake.upstream, ANONYMOUS))

    assert info.details["clients"] == "6"
    assert fake.calls("salt") == []
    assert form(fake.calls("login")[0]) == {}
    assert form(fake.calls("status")[0]) == {"ses": "ses-1"}


async def test_anonymous_login_is_refused_where_accounts_exist(make_client: MakeClient) -> None:
    fake = FakeUrBackup()
    error = await refused(make_client(fake.upstream, ANONYMOUS))
    assert body("login_anonymous_refused")["success"] is False
    assert error.code is ErrorCode.UNAUTHORIZED
    assert "username and password" in error.message
    assert fake.calls("status") == []


async def test_wrong_password_is_unauthorized_and_not_retried_at_once(
    make_client: MakeClient,
) -> None:
    fake = FakeUrBackup()
    client = make_client(fake.upstream, account(password=WRONG))
    error = await refused(client)
    assert body("login_wrong_password")["error"] == 2
    assert error.code is ErrorCode.UNAUTHORIZED
    assert error.message == "UrBackup rejected the password"
    assert_no_secret(error)

    again = await refused(client, "status")
    assert again.code is ErrorCode.UNAUTHORIZED
    assert "not retried" in again.message
    assert fake.logins == 1  # UrBackup locks an address out after repeated failures
    assert fake.calls("status") == []


async def test_unknown_user_is_unauthorized(make_client: MakeClient) -> None:
    fake = FakeUrBackup()
    error = await refused(make_client(fake.upstream, account(username="nobody")))
    assert body("salt_unknown_user")["error"] == 0
    assert error.code is ErrorCode.UNAUTHORIZED
    assert "no user of that name" in error.message
    assert fake.calls("login") == []
    assert_no_secret(error)


async def test_a_locked_out_address_is_rate_limited(make_client: MakeClient) -> None:
    fake = FakeUrBackup()
    fake.upstream.route(*API, response_of(fixture(ID, "salt_locked_out")))
    error = await refused(make_client(fake.upstream))
    assert error.code is ErrorCode.RATE_LIMITED
    assert "too many failed logins" in error.message


async def test_a_database_upgrade_is_an_upstream_error(make_client: MakeClient) -> None:
    fake = FakeUrBackup(users={})
    fake.upstream.route(*API, response_of(fixture(ID, "login_upgrading_database")))
    error = await refused(make_client(fake.upstream, ANONYMOUS))
    assert error.code is ErrorCode.UPSTREAM_ERROR
    assert error.message == "UrBackup is starting: it upgrades its database (version 62 to 64)"


async def test_a_user_without_the_status_right_is_forbidden(make_client: MakeClient) -> None:
    fake = FakeUrBackup(status_right="none")
    error = await refused(make_client(fake.upstream), "status")
    assert body("login_no_status_right")["status"] == "none"
    assert error.code is ErrorCode.FORBIDDEN
    assert "status right" in error.message


async def test_a_wrong_url_is_not_found(make_client: MakeClient) -> None:
    upstream = FakeUpstream(ID, {("POST", "/urbackup/x"): "status"})
    error = await refused(make_client(upstream))
    assert error.code is ErrorCode.NOT_FOUND
    assert error.status == 404
    assert_no_secret(error)


async def test_an_answer_of_another_shape_is_invalid(make_client: MakeClient) -> None:
    fake = FakeUrBackup(answers={"status": lambda _r: httpx.Response(200, json={"status": 5})})
    error = await refused(make_client(fake.upstream))
    assert error.code is ErrorCode.INVALID_RESPONSE
    assert "status" in error.message


async def test_a_salt_answer_of_another_service_is_invalid(make_client: MakeClient) -> None:
    upstream = FakeUpstream(ID, {API: {"ok": True}})
    error = await refused(make_client(upstream))
    assert error.code is ErrorCode.INVALID_RESPONSE
    assert "a=salt" in error.message


async def test_the_api_path_pasted_into_the_url_is_taken_off(make_client: MakeClient) -> None:
    fake = FakeUrBackup()
    info = await integration.test_connection(make_client(fake.upstream, account(), url=f"{BASE}/x"))
    assert info.version == "2.5.33"
    assert {r.url.path for r in fake.upstream.requests} == {"/x", "/"}


async def test_no_version_where_the_page_does_not_say_it(make_client: MakeClient) -> None:
    fake = FakeUrBackup()
    fake.upstream.routes.pop(PAGE)  # a proxy that serves only the API: 404
    info = await integration.test_connection(make_client(fake.upstream))
    assert info.version is None
    assert info.details["clients"] == "6"


def test_version_in_page() -> None:
    assert version_in_page(body("index")) == ("2.5.33", "ac806cbe0c")
    unbuilt = '<div id="server_version_full">$version_full$</div> UrBackup $version_short$ |'
    assert version_in_page(unbuilt) == (None, None)
    about_only = '<div style="display:none" id="server_version_full">2.4.13 Rev. 1a2b3c4d5e</div>'
    assert version_in_page(about_only) == ("2.4.13", "1a2b3c4d5e")
    assert version_in_page("<html>nginx</html>") == (None, None)


# --- status -----------------------------------------------------------------------------------


async def test_status_sums_up_the_clients_and_lists_the_processes(
    make_client: MakeClient,
) -> None:
    fake = FakeUrBackup()
    status = await integration.fetch_data(make_client(fake.upstream), "status")

    assert isinstance(status, UrBackupStatus)
    # backup-nas, desktop-anna, laptop-ben, mediaserver, vm-test; old-pc is to be removed and
    # "stranger" is not accepted
    assert status.clients == 5
    assert status.online == 3
    assert status.pending_removal == 1
    assert status.file_backups == UrBackupCounts(ok=2, failed=1, never=1, disabled=1)
    assert status.image_backups == UrBackupCounts(ok=2, failed=1, never=1, disabled=1)
    assert status.processes_total == 2
    assert status.processes == [
        UrBackupProcess(
            client="backup-nas",
            action="Incremental file backup",
            percent=42,
            done_bytes=1234567890,
            total_bytes=2939447357,
            eta_seconds=754,
            speed_bytes_per_second=2345670.0,
            paused=False,
            details=None,
        ),
        UrBackupProcess(client=None, action="Nightly clean-up", done_bytes=0),
    ]
    used = sum(entry["used"] for entry in body("usage")["usage"])
    assert status.storage_used_bytes == pytest.approx(used)
    assert status.storage_used_bytes == pytest.approx(5.30428e11, rel=1e-5)
    assert status.problems == []
    assert form(fake.calls("progress")[0]) == {"with_lastacts": "0", "ses": "ses-1"}
    assert fake.logins == 1  # three calls, one login


async def test_status_without_progress_and_statistics_rights(make_client: MakeClient) -> None:
    fake = FakeUrBackup(answers={"progress": "progress_none", "usage": "usage_no_right"})
    status = await integration.fetch_data(make_client(fake.upstream), "status")
    assert (status.processes, status.processes_total) == ([], 0)
    assert status.storage_used_bytes is None
    assert status.clients == 5


async def test_status_reports_the_servers_problems(make_client: MakeClient) -> None:
    fake = FakeUrBackup(answers={"status": "status_storage_full"})
    status = await integration.fetch_data(make_client(fake.upstream), "status")
    assert status.problems == [
        "the backup storage is full: backups wait for space",
        "the server's database reports an error (corrupt, full or unreadable)",
    ]
    assert (status.clients, status.online) == (0, 0)
    assert status.image_backups == UrBackupCounts(ok=0, failed=0, never=0, disabled=0)


async def test_status_caps_the_processes(make_client: MakeClient) -> None:
    running = body("progress")["progress"][0]
    many = [{**running, "id": n, "pcdone": n} for n in range(MAX_PROCESSES + 7)]
    fake = FakeUrBackup(
        answers={"progress": lambda _r: httpx.Response(200, json={"progress": many})}
    )
    status = await integration.fetch_data(make_client(fake.upstream), "status")
    assert status.processes_total == MAX_PROCESSES + 7
    assert [p.percent for p in status.processes] == list(range(MAX_PROCESSES))


async def test_server_wide_disabled_image_backups_count_as_disabled(
    make_client: MakeClient,
) -> None:
    no_images = {**body("status"), "no_images": True}
    fake = FakeUrBackup(answers={"status": lambda _r: httpx.Response(200, json=no_images)})
    status = await integration.fetch_data(make_client(fake.upstream), "status")
    # backup-nas and vm-test still have recent image backups; the rest are disabled
    assert status.image_backups == UrBackupCounts(ok=2, failed=0, never=0, disabled=3)


# --- clients ----------------------------------------------------------------------------------


async def test_clients_with_the_age_of_their_backups(make_client: MakeClient) -> None:
    fake = FakeUrBackup()
    found = await integration.fetch_data(make_client(fake.upstream), "clients")

    assert isinstance(found, UrBackupClients)
    assert found.total == 6
    rows = {c.name: c for c in found.clients}
    assert list(rows) == [
        "backup-nas",
        "desktop-anna",
        "laptop-ben",
        "mediaserver",
        "old-pc",
        "vm-test",
    ]
    nas = rows["backup-nas"]
    assert (nas.online, nas.file_state, nas.file_ok, nas.image_state, nas.image_ok) == (
        True,
        "ok",
        True,
        "ok",
        True,
    )
    assert nas.last_file_backup_age_seconds == HOUR
    assert nas.last_image_backup_age_seconds == 2 * DAY
    assert nas.last_file_backup is not None
    assert nas.last_file_backup.timestamp() == NOW - HOUR
    assert (nas.running, nas.running_percent) == ("Incremental file backup", 42)
    assert nas.used_bytes == pytest.approx(2.68435e11)
    assert (nas.os, nas.client_version, nas.group) == (
        "Debian GNU/Linux 12 (bookworm)",
        "2.5.25",
        None,
    )

    anna = rows["desktop-anna"]
    assert (anna.file_state, anna.image_state, anna.group) == ("failed", "failed", "office")
    assert anna.last_file_backup_age_seconds == 5 * DAY
    assert anna.last_image_backup_age_seconds == 40 * DAY
    assert anna.running is None

    ben = rows["laptop-ben"]
    assert (ben.file_state, ben.image_state) == ("never", "never")
    assert (ben.last_file_backup, ben.last_file_backup_age_seconds) == (None, None)
    assert (ben.last_image_backup, ben.last_image_backup_age_seconds) == (None, None)
    assert ben.used_bytes == 0

    media = rows["mediaserver"]
    assert (media.file_state, media.image_state) == ("okWithIssues", "notSupported")
    assert media.last_file_backup_age_seconds == 20 * HOUR

    old = rows["old-pc"]
    assert old.pending_removal is True
    assert old.last_file_backup_age_seconds == 90 * DAY

    vm = rows["vm-test"]
    assert (vm.file_state, vm.image_state) == ("disabled", "ok")
    assert vm.last_image_backup_age_seconds == 3 * HOUR
    assert not any(c.pending_removal for name, c in rows.items() if name != "old-pc")


async def test_ages_follow_the_clock(
    make_client: MakeClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(definition, "clock", lambda: float(NOW + DAY))
    found = await integration.fetch_data(make_client(FakeUrBackup().upstream), "clients")
    nas = next(c for c in found.clients if c.name == "backup-nas")
    assert nas.last_file_backup_age_seconds == DAY + HOUR


async def test_clients_without_the_statistics_right_have_no_storage(
    make_client: MakeClient,
) -> None:
    fake = FakeUrBackup(answers={"usage": "usage_no_right"})
    found = await integration.fetch_data(make_client(fake.upstream), "clients")
    assert found.total == 6
    assert all(c.used_bytes is None for c in found.clients)


async def test_clients_are_capped(make_client: MakeClient) -> None:
    template = body("status")["status"][1]
    many = [{**template, "id": n, "name": f"pc-{n:03}"} for n in range(MAX_CLIENTS + 12)]
    answer_ = {**body("status"), "status": many}
    fake = FakeUrBackup(answers={"status": lambda _r: httpx.Response(200, json=answer_)})
    found = await integration.fetch_data(make_client(fake.upstream), "clients")
    assert found.total == MAX_CLIENTS + 12
    assert [c.name for c in found.clients] == [f"pc-{n:03}" for n in range(MAX_CLIENTS)]


# --- the session ------------------------------------------------------------------------------


async def test_the_session_is_reused(make_client: MakeClient) -> None:
    fake = FakeUrBackup()
    client = make_client(fake.upstream)
    await asyncio.gather(
        integration.test_connection(client),
        integration.fetch_data(client, "status"),
        integration.fetch_data(client, "clients"),
    )
    await integration.fetch_data(client, "clients")
    assert fake.logins == 1
    assert {form(r)["ses"] for r in fake.calls("status")} == {"ses-1"}


async def test_an_unknown_session_logs_in_again_once(make_client: MakeClient) -> None:
    fake = FakeUrBackup()
    client = make_client(fake.upstream)
    await integration.fetch_data(client, "clients")
    fake.restart()

    found = await integration.fetch_data(client, "clients")

    assert found.total == 6
    assert fake.logins == 2
    sent = [form(r)["ses"] for r in fake.calls("status")]
    assert sent == ["ses-1", "ses-1", "ses-2"]  # refused with {"error": 1}, then resent
    assert body("session_unknown") == {"error": 1}


async def test_a_session_refused_right_after_login_is_unauthorized(
    make_client: MakeClient,
) -> None:
    fake = FakeUrBackup()
    fake.live = AlwaysForgets()
    error = await refused(make_client(fake.upstream))
    assert error.code is ErrorCode.UNAUTHORIZED
    assert "right after a fresh login" in error.message
    assert fake.logins == 2
    assert_no_secret(error, PASSWORD, "ses-1", "ses-2")


class AlwaysForgets(set[str]):
    """A session store that keeps nothing: every session is unknown at once."""

    def add(self, element: str) -> None:
        pass


async def test_processes_share_one_login(clients: Clients) -> None:
    fake = FakeUrBackup()
    store = MemorySessions()
    first, second = clients(config(), fake.upstream), clients(config(), fake.upstream)
    first.share_sessions(store, "urbackup:app")
    second.share_sessions(store, "urbackup:app")
    await integration.fetch_data(first, "clients")
    await integration.fetch_data(second, "clients")
    assert fake.logins == 1
    assert {form(r)["ses"] for r in fake.calls("status")} == {"ses-1"}
