"""The MediaBrowser family's token rules (Jellyfin, Emby) as a fake upstream for their tests."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from typing import Any, ClassVar

import httpx
import pytest

from integrations.actions import ActionResult, NoInput
from integrations.errors import ErrorCode, IntegrationError
from integrations.registry import registry
from tests.integrations.upstream import FakeUpstream, fixture, no_secret_in, refusal, response_of

API_KEY = "jf0123456789abcdef0123456789abcd"
WRONG_KEY = "wrong0123456789abcdef0123456789"
PASSWORD = "hunter2-jellyfin"
SECRETS = (API_KEY, WRONG_KEY, PASSWORD, "session-1", "session-2")
"""Every secret the tests configure or the fake hands out."""
INFO = ("GET", "/System/Info")
SESSIONS = ("GET", "/Sessions")
COUNTS = ("GET", "/Items/Counts")
LOGIN = ("POST", "/Users/AuthenticateByName")
REFRESH = ("POST", "/Library/Refresh")
API = {INFO: "system_info", SESSIONS: "sessions", COUNTS: "item_counts"}
Make = Callable[..., Any]
TOKEN_PARAM = re.compile(r'Token="([^"]*)"')


def jellyfin_token(request: httpx.Request) -> str | None:
    match = TOKEN_PARAM.search(request.headers.get("authorization", ""))
    return match.group(1) if match else None


class FakeMediaBrowser:
    """A Jellyfin (or Emby) server's token rules over the transcribed answers: the API key
    and the tokens its logins issued are accepted, anything else is 401, and revoking forgets
    every login token."""

    def __init__(
        self,
        integration_id: str = "jellyfin",
        *,
        prefix: str = "",
        token_of: Callable[[httpx.Request], str | None] = jellyfin_token,
        api: Mapping[tuple[str, str], Any] = API,
        routes: Mapping[tuple[str, str], Any] | None = None,
    ) -> None:
        self.integration_id = integration_id
        self.token_of = token_of
        self.sessions: list[str] = []
        self.valid: set[str] = {API_KEY}
        merged = {**api, **(routes or {})}
        handlers = {(m, prefix + p): value for (m, p), value in merged.items()}
        self.login_path = prefix + LOGIN[1]
        login = ("POST", self.login_path)
        self.upstream = FakeUpstream(
            integration_id,
            {login: self.login, **handlers},
            refuse=self.refuse,
            open_routes=(login,),
        )

    def login(self, request: httpx.Request) -> httpx.Response:
        form = json.loads(request.content)
        if form.get("Pw") != PASSWORD:
            return response_of(fixture(self.integration_id, "authenticate_wrong_password"))
        token = f"session-{len(self.sessions) + 1}"
        self.sessions.append(token)
        self.valid.add(token)
        data = fixture(self.integration_id, "authenticate_by_name")
        data["response"]["body"]["AccessToken"] = token
        return response_of(data)

    def refuse(self, request: httpx.Request) -> httpx.Response | None:
        if self.token_of(request) not in self.valid:
            return response_of(fixture(self.integration_id, "unauthorized"))
        return None

    def revoke_sessions(self) -> None:
        self.valid = {API_KEY}

    @property
    def logins(self) -> int:
        return self.upstream.calls[("POST", self.login_path)]

    def requests_to(self, path: str) -> list[httpx.Request]:
        return [r for r in self.upstream.requests if r.url.path.endswith(path)]


class MediaBrowserContract:
    """What Jellyfin and Emby both must do about their credentials and failures: a test class
    per app subclasses this; its module's ``config`` makes the clients."""

    ID: ClassVar[str]
    APP: ClassVar[str]
    BASE: ClassVar[str]
    PREFIX: ClassVar[str]
    KEY_HINT: ClassVar[str]
    """Where the app's rejected-API-key message sends the user."""
    RENEWED: ClassVar[tuple[str, str]]
    """An endpoint, and the path it reads, to renew a revoked login on."""
    NOT_JSON: ClassVar[tuple[tuple[str, str], str | None]]
    """A route answering an HTML page, and the endpoint that reads it (None: the connection)."""
    FAILING: ClassVar[tuple[tuple[str, str], str, int]]
    """A route answering a server error, the endpoint that reads it, and the status."""

    def fake(self, routes: Mapping[tuple[str, str], Any] | None = None) -> FakeMediaBrowser:
        raise NotImplementedError

    async def test_revoked_token_logs_in_again_once(self, make_client: Make) -> None:
        fake = self.fake()
        client = make_client(fake.upstream, password=PASSWORD)
        endpoint_id, path = self.RENEWED
        integration = registry.get(self.ID)
        first = await integration.fetch_data(client, endpoint_id)
        fake.revoke_sessions()  # signed out in the dashboard, or the server restarted

        assert await integration.fetch_data(client, endpoint_id) == first
        assert fake.logins == 2
        tokens = [fake.token_of(r) for r in fake.requests_to(path)]
        assert tokens == ["session-1", "session-1", "session-2"]

    async def test_wrong_api_key_is_unauthorized(self, make_client: Make) -> None:
        fake = self.fake()
        err = await refusal(self.ID, make_client(fake.upstream, api_key=WRONG_KEY))
        assert (err.code, err.status) == (ErrorCode.UNAUTHORIZED, 401)
        assert err.message == f"{self.APP} rejected the API key ({self.KEY_HINT})"
        assert err.url == f"{self.BASE}{self.PREFIX}/System/Info"
        assert fake.logins == 0
        no_secret_in(err, *SECRETS)

    async def test_wrong_password_is_unauthorized_and_not_retried_at_once(
        self, make_client: Make
    ) -> None:
        fake = self.fake()
        client = make_client(fake.upstream, password="not-the-password")
        err = await refusal(self.ID, client)
        assert (err.code, err.status) == (ErrorCode.UNAUTHORIZED, 401)
        assert err.message == f"{self.APP} rejected the username or password"
        assert fake.upstream.calls[("GET", f"{self.PREFIX}/System/Info")] == 0
        no_secret_in(err, *SECRETS, "not-the-password")

        again = await refusal(self.ID, client, "sessions")
        assert again.code is ErrorCode.UNAUTHORIZED
        assert "not retried" in again.message
        assert fake.logins == 1

    async def test_html_page_is_invalid_response(self, make_client: Make) -> None:
        route, endpoint_id = self.NOT_JSON
        fake = self.fake({route: "not_that_service"})
        err = await refusal(self.ID, make_client(fake.upstream), endpoint_id)
        assert err.code is ErrorCode.INVALID_RESPONSE
        assert err.message.startswith("the response is not JSON")
        no_secret_in(err, *SECRETS)

    async def test_server_error_is_upstream_error(self, make_client: Make) -> None:
        route, endpoint_id, status = self.FAILING
        fake = self.fake({route: httpx.Response(status, text="Error processing request.")})
        err = await refusal(self.ID, make_client(fake.upstream), endpoint_id)
        assert (err.code, err.status) == (ErrorCode.UPSTREAM_ERROR, status)
        no_secret_in(err, *SECRETS)

    # --- actions ---------------------------------------------------------------------------

    async def scan(self, client: Any) -> ActionResult:
        integration = registry.get(self.ID)
        spec = integration.actions["scanLibraries"]
        return await integration.run_action(client, "scanLibraries", spec.input.model_validate({}))

    def test_scan_metadata(self) -> None:
        spec = registry.get(self.ID).actions["scanLibraries"]
        assert (spec.input, spec.affects, spec.destructive) == (NoInput, ("libraries",), False)

    @pytest.mark.parametrize("login", [False, True])
    async def test_scan_posts_library_refresh_once(self, make_client: Make, login: bool) -> None:
        fake = self.fake({REFRESH: "library_refresh"})
        client = (
            make_client(fake.upstream, password=PASSWORD) if login else make_client(fake.upstream)
        )
        result = await self.scan(client)

        assert result == ActionResult(message=f"{self.APP} started a scan of every library")
        (request,) = fake.requests_to("/Library/Refresh")
        recorded = fixture(self.ID, "library_refresh")["request"]
        assert (request.method, request.url.path) == (recorded["method"], recorded["path"])
        assert request.content == b""
        assert fake.token_of(request) == ("session-1" if login else API_KEY)

    async def test_scan_by_a_user_who_is_not_admin_is_forbidden(self, make_client: Make) -> None:
        fake = self.fake({REFRESH: "library_refresh_forbidden"})
        with pytest.raises(IntegrationError) as caught:
            await self.scan(make_client(fake.upstream, password=PASSWORD))
        err = caught.value
        assert (err.code, err.status) == (ErrorCode.FORBIDDEN, 403)
        assert err.message == (
            f"{self.APP} lets only administrators scan the libraries: sign in as an "
            "administrator or use an API key"
        )
        assert len(fake.requests_to("/Library/Refresh")) == 1
        no_secret_in(err, *SECRETS)

    async def test_scan_with_a_wrong_key_is_unauthorized(self, make_client: Make) -> None:
        fake = self.fake({REFRESH: "library_refresh"})
        with pytest.raises(IntegrationError) as caught:
            await self.scan(make_client(fake.upstream, api_key=WRONG_KEY))
        assert (caught.value.code, caught.value.status) == (ErrorCode.UNAUTHORIZED, 401)
        assert len(fake.requests_to("/Library/Refresh")) == 1
        no_secret_in(caught.value, *SECRETS)

    async def test_scan_server_error_is_upstream_error(self, make_client: Make) -> None:
        fake = self.fake({REFRESH: httpx.Response(500, text="Error processing request.")})
        with pytest.raises(IntegrationError) as caught:
            await self.scan(make_client(fake.upstream))
        assert (caught.value.code, caught.value.status) == (ErrorCode.UPSTREAM_ERROR, 500)
        assert len(fake.requests_to("/Library/Refresh")) == 1
