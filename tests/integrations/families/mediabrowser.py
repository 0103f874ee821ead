"""The MediaBrowser family's token rules (Jellyfin, Emby) as a fake upstream for their tests."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from typing import Any

import httpx

from tests.integrations.upstream import FakeUpstream, fixture, response_of

API_KEY = "jf0123456789abcdef0123456789abcd"
WRONG_KEY = "wrong0123456789abcdef0123456789"
PASSWORD = "hunter2-jellyfin"
SECRETS = (API_KEY, WRONG_KEY, PASSWORD, "session-1", "session-2")
"""Every secret the tests configure or the fake hands out."""
INFO = ("GET", "/System/Info")
SESSIONS = ("GET", "/Sessions")
COUNTS = ("GET", "/Items/Counts")
LOGIN = ("POST", "/Users/AuthenticateByName")
API = {INFO: "system_info", SESSIONS: "sessions", COUNTS: "item_counts"}
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
