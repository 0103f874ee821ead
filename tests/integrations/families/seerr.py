"""The Seerr family's API rules (Overseerr, Jellyseerr) as a fake upstream for their tests."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from http.cookies import SimpleCookie
from typing import Any, ClassVar

import httpx
import pytest
from pydantic import ValidationError

from integrations.actions import ActionResult
from integrations.errors import ErrorCode, IntegrationError
from integrations.families.seerr.definition import RequestInput
from integrations.registry import registry
from tests.integrations.upstream import FakeUpstream, fixture, no_secret_in, response_of

KEY = "fixture-api-key"
EMAIL = "hey@itsme.com"
PASSWORD = "fixture-password"
STATUS = ("GET", "/api/v1/status")
ME = ("GET", "/api/v1/auth/me")
REQUESTS = ("GET", "/api/v1/request/count")
ISSUES = ("GET", "/api/v1/issue/count")
LOCAL = ("POST", "/api/v1/auth/local")
API = {ME: "auth_me", REQUESTS: "request_count", ISSUES: "issue_count"}


class FakeSeerr:
    """The API's rules over the transcribed answers (Overseerr's, and Jellyseerr's): ``/status``
    answers anyone, every other route needs the API key or the ``connect.sid`` cookie of a
    sign-in (403 otherwise), and a restart forgets every session.

    ``sign_ins`` maps a sign-in route to the body it accepts and the fixtures of its answers.
    """

    def __init__(
        self,
        integration_id: str,
        sign_ins: Mapping[tuple[str, str], tuple[dict[str, str], str, str]],
        routes: Mapping[tuple[str, str], Any] | None = None,
    ) -> None:
        self.integration_id = integration_id
        self.sessions: list[str] = []
        self.valid: set[str] = set()
        logins = {route: self.sign_in(*spec) for route, spec in sign_ins.items()}
        self.upstream = FakeUpstream(
            integration_id,
            {STATUS: "status", **logins, **API, **(routes or {})},
            refuse=self.refuse,
            open_routes=(STATUS, *sign_ins),
        )
        self.sign_in_routes = list(sign_ins)

    def answer(self, name: str) -> httpx.Response:
        return response_of(fixture(self.integration_id, name))

    def sign_in(
        self, accepted: dict[str, str], ok: str, refused: str
    ) -> Callable[[httpx.Request], httpx.Response]:
        def handle(request: httpx.Request) -> httpx.Response:
            if json.loads(request.content) != accepted:
                return self.answer(refused)
            session = f"session-{len(self.sessions) + 1}"
            self.sessions.append(session)
            self.valid.add(session)
            data = fixture(self.integration_id, ok)
            data["response"]["headers"]["set-cookie"] = (
                f"connect.sid={session}; Path=/; HttpOnly; SameSite=Lax"
            )
            return response_of(data)

        return handle

    def refuse(self, request: httpx.Request) -> httpx.Response | None:
        cookie = SimpleCookie(request.headers.get("cookie", ""))
        session = cookie["connect.sid"].value if "connect.sid" in cookie else None
        if request.headers.get("x-api-key") != KEY and session not in self.valid:
            return self.answer("forbidden")
        return None

    def restart(self) -> None:
        self.valid.clear()

    @property
    def logins(self) -> int:
        return sum(self.upstream.calls[route] for route in self.sign_in_routes)


DECISIONS = [("approve", "approveRequest", "Approved"), ("decline", "declineRequest", "Declined")]
"""(path status, action id, result word) of the two request decisions."""


def fixture_response(integration_id: str, name: str) -> httpx.Response:
    return response_of(fixture(integration_id, name))


class SeerrActionsContract:
    """The request decisions Overseerr and Jellyseerr share: a test class per app subclasses
    this; its module's ``config`` makes the clients (``make_client(upstream, kind=...)``)."""

    ID: ClassVar[str]
    APP: ClassVar[str]

    def fake(self, routes: Mapping[tuple[str, str], Any] | None = None) -> FakeSeerr:
        raise NotImplementedError

    def decision_routes(self) -> dict[tuple[str, str], Any]:
        return {
            ("POST", "/api/v1/request/12/approve"): "request_approve",
            ("POST", "/api/v1/request/12/decline"): "request_decline",
            ("POST", "/api/v1/request/9999/approve"): "request_not_found",
            ("POST", "/api/v1/request/9999/decline"): "request_not_found",
        }

    async def decide(self, client: Any, action_id: str, request_id: Any) -> ActionResult:
        integration = registry.get(self.ID)
        spec = integration.actions[action_id]
        return await integration.run_action(
            client, action_id, spec.input.model_validate({"id": request_id})
        )

    def test_actions_metadata(self) -> None:
        actions = registry.get(self.ID).actions
        assert list(actions) == ["approveRequest", "declineRequest"]
        for spec in actions.values():
            assert (spec.input, spec.affects, spec.destructive) == (
                RequestInput,
                ("requests",),
                False,
            )
            assert [(f.name, f.kind.value) for f in spec.form()] == [("id", "number")]
            assert spec.json_schema()["properties"]["id"]["minimum"] == 1

    @pytest.mark.parametrize("given", [0, -1, "12", 1.5, None])
    def test_request_id_must_be_a_positive_integer(self, given: Any) -> None:
        with pytest.raises(ValidationError):
            RequestInput.model_validate({"id": given})
        with pytest.raises(ValidationError):
            RequestInput.model_validate({"id": 12, "note": "x"})

    @pytest.mark.parametrize(("decision", "action_id", "word"), DECISIONS)
    async def test_decision_posts_the_documented_path(
        self, make_client: Callable[..., Any], decision: str, action_id: str, word: str
    ) -> None:
        server = self.fake(self.decision_routes())
        result = await self.decide(make_client(server.upstream), action_id, 12)

        answer = fixture(self.ID, f"request_{decision}")
        assert result == ActionResult(message=f"{word} request 12 (movie)", affected=1)
        assert answer["response"]["body"]["status"] == {"approve": 2, "decline": 3}[decision]
        (request,) = server.upstream.requests
        assert (request.method, request.url.path) == (
            answer["request"]["method"],
            answer["request"]["path"],
        )
        assert request.content == b""
        assert request.headers["x-api-key"] == KEY

    @pytest.mark.parametrize(("decision", "action_id", "word"), DECISIONS)
    async def test_unknown_request_is_not_found(
        self, make_client: Callable[..., Any], decision: str, action_id: str, word: str
    ) -> None:
        server = self.fake(self.decision_routes())
        with pytest.raises(IntegrationError) as caught:
            await self.decide(make_client(server.upstream), action_id, 9999)
        err = caught.value
        assert (err.code, err.status) == (ErrorCode.NOT_FOUND, 404)
        assert err.message == f"{self.APP} has no request 9999"
        assert server.upstream.calls[("POST", f"/api/v1/request/9999/{decision}")] == 1

    async def test_signed_in_decision_uses_the_session(
        self, make_client: Callable[..., Any]
    ) -> None:
        server = self.fake(self.decision_routes())
        client = make_client(server.upstream, kind="localAccount")
        result = await self.decide(client, "declineRequest", 12)
        assert result.message == "Declined request 12 (movie)"
        assert server.logins == 1
        posted = server.upstream.requests[-1]
        assert posted.headers["cookie"] == "connect.sid=session-1"
        assert "x-api-key" not in posted.headers

    async def test_account_without_the_permission_is_forbidden(
        self, make_client: Callable[..., Any]
    ) -> None:
        # isAuthenticated(Permission.MANAGE_REQUESTS) answers 403 also to a fresh session.
        route = ("POST", "/api/v1/request/12/approve")
        server = self.fake({route: fixture_response(self.ID, "forbidden")})
        client = make_client(server.upstream, kind="localAccount")
        with pytest.raises(IntegrationError) as caught:
            await self.decide(client, "approveRequest", 12)
        err = caught.value
        assert (err.code, err.status) == (ErrorCode.FORBIDDEN, 403)
        assert "Manage Requests permission" in err.message
        assert server.logins == 2  # the sign-in and one renewal, never a loop
        assert server.upstream.calls[route] == 2  # the refused request was not applied
        no_secret_in(err, KEY, PASSWORD, "session-1", "session-2")

    async def test_wrong_api_key_is_unauthorized(self, make_client: Callable[..., Any]) -> None:
        server = self.fake(self.decision_routes())
        with pytest.raises(IntegrationError) as caught:
            await self.decide(
                make_client(server.upstream, secret="wrong-api-key"), "approveRequest", 12
            )
        err = caught.value
        assert (err.code, err.status) == (ErrorCode.UNAUTHORIZED, 403)
        assert "API key" in err.message
        assert server.upstream.calls[("POST", "/api/v1/request/12/approve")] == 1
        no_secret_in(err, KEY, "wrong-api-key")

    async def test_request_no_longer_pending_is_refused_in_its_words(
        self, make_client: Callable[..., Any]
    ) -> None:
        # Later releases of the route answer 409 for a request that is no longer pending.
        conflict = httpx.Response(
            409, json={"message": "Only pending requests can be approved or declined."}
        )
        server = self.fake({("POST", "/api/v1/request/12/decline"): conflict})
        with pytest.raises(IntegrationError) as caught:
            await self.decide(make_client(server.upstream), "declineRequest", 12)
        err = caught.value
        assert err.status == 409
        assert err.message.endswith(": Only pending requests can be approved or declined.")

    async def test_server_error_is_upstream_error_sent_once(
        self, make_client: Callable[..., Any]
    ) -> None:
        route = ("POST", "/api/v1/request/12/approve")
        server = self.fake({route: httpx.Response(500, json={"message": "SQLITE_BUSY"})})
        with pytest.raises(IntegrationError) as caught:
            await self.decide(make_client(server.upstream), "approveRequest", 12)
        assert (caught.value.code, caught.value.status) == (ErrorCode.UPSTREAM_ERROR, 500)
        assert server.upstream.calls[route] == 1


# --- Jellyseerr and Seerr: the Seerr API with the Jellyfin/Emby sign-in ------------------------

USERNAME = "itsme"
JELLYFIN = ("POST", "/api/v1/auth/jellyfin")
MEDIA_SERVER_SIGN_INS = {
    LOCAL: ({"email": EMAIL, "password": PASSWORD}, "auth_local_ok", "auth_local_wrong_password"),
    JELLYFIN: (
        {"username": USERNAME, "password": PASSWORD},
        "auth_jellyfin_ok",
        "auth_jellyfin_wrong_password",
    ),
}


def media_server_config(base: str) -> Callable[..., dict[str, Any]]:
    """A test module's ``config(kind="apiKey", secret=None, url=base)`` for an app with the
    API key, local and Jellyfin/Emby credential sets."""

    def config(kind: str = "apiKey", secret: str | None = None, url: str = base) -> dict[str, Any]:
        credentials = {
            "apiKey": {"type": "apiKey", "apiKey": secret or KEY},
            "localAccount": {
                "type": "localAccount",
                "email": EMAIL,
                "password": secret or PASSWORD,
            },
            "mediaServerAccount": {
                "type": "mediaServerAccount",
                "serverUsername": USERNAME,
                "serverPassword": secret or PASSWORD,
            },
        }[kind]
        return {"url": url, "credentials": credentials}

    return config


class MediaServerSeerrContract:
    """What Jellyseerr and Seerr answer alike (the Seerr API, the Jellyfin/Emby sign-in), each
    on its own transcribed fixtures: a test class per app subclasses this; its module's
    ``config`` (``media_server_config``) makes the clients."""

    ID: ClassVar[str]
    APP: ClassVar[str]
    BASE: ClassVar[str]

    def fake(self, routes: Mapping[tuple[str, str], Any] | None = None) -> FakeSeerr:
        return FakeSeerr(self.ID, MEDIA_SERVER_SIGN_INS, routes)

    def body(self, name: str) -> Any:
        return fixture(self.ID, name)["response"]["body"]

    def test_metadata(self) -> None:
        from integrations.capabilities import MediaRequests
        from integrations.families.seerr.definition import OverseerrIssues

        integration = registry.get(self.ID)
        assert integration.default_port == 5055
        assert integration.verification.startswith(f"Built from the {self.APP} API documentation")
        assert [(f.name, f.group) for f in integration.form() if f.group != "connection"] == [
            ("credentials.apiKey", "credentials:apiKey"),
            ("credentials.email", "credentials:localAccount"),
            ("credentials.password", "credentials:localAccount"),
            ("credentials.serverUsername", "credentials:mediaServerAccount"),
            ("credentials.serverPassword", "credentials:mediaServerAccount"),
            ("credentials.plexToken", "credentials:plexToken"),
        ]
        assert integration.endpoints["requests"].payload is MediaRequests
        assert integration.endpoints["issues"].payload is OverseerrIssues

    async def test_connection_with_api_key(self, make_client: Callable[..., Any]) -> None:
        from integrations.types import ServiceInfo

        server = self.fake()
        info = await registry.get(self.ID).test_connection(make_client(server.upstream))
        status = self.body("status")
        assert info == ServiceInfo(
            version=status["version"],
            details={
                "user": self.body("auth_me")["jellyfinUsername"],
                "commitTag": status["commitTag"],
            },
        )
        assert [r.url.path for r in server.upstream.requests] == [STATUS[1], ME[1]]

    async def test_connection_with_a_jellyfin_user(self, make_client: Callable[..., Any]) -> None:
        server = self.fake()
        client = make_client(server.upstream, kind="mediaServerAccount")
        info = await registry.get(self.ID).test_connection(client)
        assert info.version == self.body("status")["version"]
        (signed,) = [r for r in server.upstream.requests if r.url.path == JELLYFIN[1]]
        assert json.loads(signed.content) == {"username": USERNAME, "password": PASSWORD}
        (me,) = [r for r in server.upstream.requests if r.url.path == ME[1]]
        assert me.headers["cookie"] == "connect.sid=session-1"

    async def test_connection_with_a_local_account(self, make_client: Callable[..., Any]) -> None:
        server = self.fake()
        await registry.get(self.ID).test_connection(
            make_client(server.upstream, kind="localAccount")
        )
        assert server.upstream.calls[LOCAL] == 1

    async def test_requests_and_issues_match_the_documented_answers(
        self, make_client: Callable[..., Any]
    ) -> None:
        from integrations.capabilities import MediaRequests
        from integrations.families.seerr.definition import OverseerrIssues

        integration = registry.get(self.ID)
        client = make_client(self.fake().upstream)
        requests = await integration.fetch_data(client, "requests")
        issues = await integration.fetch_data(client, "issues")
        count, issue_count = self.body("request_count"), self.body("issue_count")
        assert requests == MediaRequests(
            **{k: count[k] for k in ("pending", "approved", "declined", "processing", "available")},
            total=count["total"],
        )
        assert issues == OverseerrIssues(**issue_count)

    async def test_jellyfin_session_renewed_once_on_expiry(
        self, make_client: Callable[..., Any]
    ) -> None:
        import asyncio

        integration = registry.get(self.ID)
        server = self.fake()
        client = make_client(server.upstream, kind="mediaServerAccount")
        await asyncio.gather(
            integration.fetch_data(client, "requests"), integration.fetch_data(client, "issues")
        )
        assert server.logins == 1
        server.restart()
        await integration.fetch_data(client, "requests")
        assert server.logins == 2
        assert server.upstream.calls[REQUESTS] == 3  # one before, the refused one, its retry

    async def test_wrong_api_key_is_unauthorized_reading(
        self, make_client: Callable[..., Any]
    ) -> None:
        client = make_client(self.fake().upstream, secret="wrong-api-key")
        with pytest.raises(IntegrationError) as caught:
            await registry.get(self.ID).fetch_data(client, "requests")
        err = caught.value
        assert (err.code, err.status) == (ErrorCode.UNAUTHORIZED, 403)
        assert err.message.startswith(f"{self.APP} rejected the API key")
        no_secret_in(err, KEY, PASSWORD, "wrong-api-key")

    async def test_wrong_local_password_is_unauthorized(
        self, make_client: Callable[..., Any]
    ) -> None:
        client = make_client(self.fake().upstream, kind="localAccount", secret="wrong-password")
        with pytest.raises(IntegrationError) as caught:
            await registry.get(self.ID).test_connection(client)
        assert (caught.value.code, caught.value.status) == (ErrorCode.UNAUTHORIZED, 403)
        assert caught.value.message == f"{self.APP} rejected the email or password"
        no_secret_in(caught.value, KEY, PASSWORD, "wrong-password")

    async def test_wrong_jellyfin_password_is_unauthorized(
        self, make_client: Callable[..., Any]
    ) -> None:
        server = self.fake()
        client = make_client(server.upstream, kind="mediaServerAccount", secret="wrong-password")
        with pytest.raises(IntegrationError) as caught:
            await registry.get(self.ID).test_connection(client)
        err = caught.value
        assert (err.code, err.status) == (ErrorCode.UNAUTHORIZED, 401)
        assert err.url == f"{self.BASE}/api/v1/auth/jellyfin"
        assert server.upstream.calls[ME] == 0
        no_secret_in(err, KEY, PASSWORD, "wrong-password")

    @pytest.mark.parametrize(
        ("name", "status", "words"),
        [
            ("auth_jellyfin_not_imported", 403, "import"),
            ("auth_jellyfin_needs_email", 406, "never signed in"),
            ("auth_jellyfin_disabled", 500, "Jellyfin login is disabled"),
        ],
    )
    async def test_jellyfin_sign_in_refusals_are_forbidden(
        self, make_client: Callable[..., Any], name: str, status: int, words: str
    ) -> None:
        server = self.fake()
        server.upstream.route(*JELLYFIN, name)
        client = make_client(server.upstream, kind="mediaServerAccount")
        with pytest.raises(IntegrationError) as caught:
            await registry.get(self.ID).test_connection(client)
        assert (caught.value.code, caught.value.status) == (ErrorCode.FORBIDDEN, status)
        assert words in caught.value.message
        no_secret_in(caught.value, KEY, PASSWORD)

    @pytest.mark.parametrize("name", ["not_that_service", "other_json"])
    async def test_another_service_is_invalid_response(
        self, make_client: Callable[..., Any], name: str
    ) -> None:
        integration = registry.get(self.ID)
        routes = {STATUS: name, ME: name, REQUESTS: name, ISSUES: name, JELLYFIN: name}
        for kind in ("apiKey", "mediaServerAccount"):
            client = make_client(FakeUpstream(self.ID, routes), kind=kind)
            for call in (
                integration.test_connection(client),
                integration.fetch_data(client, "requests"),
                integration.fetch_data(client, "issues"),
            ):
                with pytest.raises(IntegrationError) as caught:
                    await call
                assert caught.value.code is ErrorCode.INVALID_RESPONSE
                no_secret_in(caught.value, KEY, PASSWORD)

    async def test_no_api_at_url_is_not_found(self, make_client: Callable[..., Any]) -> None:
        with pytest.raises(IntegrationError) as caught:
            await registry.get(self.ID).test_connection(make_client(FakeUpstream(self.ID, {})))
        assert (caught.value.code, caught.value.status) == (ErrorCode.NOT_FOUND, 404)

    async def test_server_error_is_upstream_error(self, make_client: Callable[..., Any]) -> None:
        server = self.fake({ISSUES: httpx.Response(502, text="Bad Gateway")})
        with pytest.raises(IntegrationError) as caught:
            await registry.get(self.ID).fetch_data(make_client(server.upstream), "issues")
        assert (caught.value.code, caught.value.status) == (ErrorCode.UPSTREAM_ERROR, 502)
