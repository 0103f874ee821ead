"""The Seerr family's API rules (Overseerr, Jellyseerr) as a fake upstream for their tests."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from http.cookies import SimpleCookie
from typing import Any

import httpx

from tests.integrations.upstream import FakeUpstream, fixture, response_of

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
