"""Deluge's web JSON-RPC: a password login that sets the ``_session_id`` cookie.

Everything is ``POST /json`` with ``{"method", "params", "id"}`` and answers HTTP 200, errors
included: a wrong password is ``{"result": false}`` and a call without a valid session is
``{"error": {"message": "Not authenticated", "code": 1}}``, which is what ``session_expired``
looks for. The web UI is only a proxy: it must be connected to a daemon (``web.connected``),
and the daemon's methods (``core.*``, ``daemon.*``) are unknown to it until it is.
"""

from __future__ import annotations

import itertools
import json
from http.cookies import CookieError, SimpleCookie
from typing import Any, TypeVar

import httpx
from pydantic import TypeAdapter

from integrations.base import ServiceClient
from integrations.deluge.definition import DelugePassword
from integrations.deluge.models import (
    DELUGE_HOSTS,
    NOT_AUTHENTICATED,
    DelugeRpcAnswer,
    DelugeUiState,
)
from integrations.errors import ErrorCode, IntegrationError

T = TypeVar("T")

JSON_PATH = "json"
SESSION_COOKIE = "_session_id"
MAX_ERROR_LENGTH = 200


def session_cookie(response: httpx.Response) -> str | None:
    """The ``_session_id`` a login answer sets, whatever the cookie's path (a reverse proxy
    may serve Deluge under another one than ``/json``)."""
    for header in response.headers.get_list("set-cookie"):
        cookie: SimpleCookie = SimpleCookie()
        try:
            cookie.load(header)
        except CookieError:
            continue
        if SESSION_COOKIE in cookie and cookie[SESSION_COOKIE].value:
            return cookie[SESSION_COOKIE].value
    return None


class DelugeClient(ServiceClient):
    """A Deluge web API client: logs in once, keeps the session id, renews it once when Deluge
    says "Not authenticated", and connects the web UI to its daemon when it is not."""

    uses_session = True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.session_id: str | None = None
        self._ids = itertools.count(1)

    def default_headers(self) -> dict[str, str]:
        # Sent explicitly rather than through the cookie jar, whose path matching would lose
        # the cookie behind a proxy that maps /deluge/json to /json.
        return {"Cookie": f"{SESSION_COOKIE}={self.session_id}"} if self.session_id else {}

    def export_session(self) -> bytes:
        return (self.session_id or "").encode()

    def import_session(self, data: bytes) -> None:
        self.session_id = data.decode() or None

    def _body(self, method: str, params: list[Any]) -> dict[str, Any]:
        return {"method": method, "params": params, "id": next(self._ids)}

    async def login(self) -> None:
        creds = self.credentials_as(DelugePassword)
        if creds is None:
            raise IntegrationError(ErrorCode.INVALID_CONFIG, "Deluge needs its web UI password")
        self.session_id = None
        body = self._body("auth.login", [creds.password.get_secret_value()])
        response = await self.send("POST", JSON_PATH, json=body)
        if response.status_code != 200:
            raise IntegrationError.for_status(response.status_code, response.url)
        answer = self.parse(response, DelugeRpcAnswer)
        if answer.error is None and answer.result is False:
            raise IntegrationError(
                ErrorCode.UNAUTHORIZED,
                "Deluge rejected the web UI password",
                status=response.status_code,
                url=response.url,
            )
        session = session_cookie(response)
        if answer.error is not None or answer.result is not True or session is None:
            raise IntegrationError(
                ErrorCode.INVALID_RESPONSE,
                "the login answer is not Deluge's: is the URL that of Deluge's web UI?",
                status=response.status_code,
                url=response.url,
            )
        self.session_id = session

    def session_expired(self, response: httpx.Response) -> bool:
        if response.status_code != 200:
            return False
        try:
            data = json.loads(response.content)
        except ValueError:
            return False
        error = data.get("error") if isinstance(data, dict) else None
        return isinstance(error, dict) and error.get("code") == NOT_AUTHENTICATED

    async def call(self, method: str, params: list[Any], model: type[T] | TypeAdapter[T]) -> T:
        """Run one web API method; its ``result`` as ``model``. An error answer is
        UPSTREAM_ERROR."""
        response = await self.request("POST", JSON_PATH, json=self._body(method, params))
        answer = self.parse(response, DelugeRpcAnswer)
        if answer.error is not None:
            message = answer.error.message[:MAX_ERROR_LENGTH]
            raise IntegrationError(
                ErrorCode.UPSTREAM_ERROR,
                f"Deluge could not run {method}: {message} (code {answer.error.code})",
                status=response.status_code,
                url=response.url,
            )
        return self.validate(response, answer.result, model)

    async def ensure_connected(self) -> None:
        """Connect the web UI to the first daemon of its connection manager if it is not
        connected to one (after a daemon restart, or when no default daemon is set)."""
        if await self.call("web.connected", [], bool):
            return
        hosts = await self.call("web.get_hosts", [], DELUGE_HOSTS)
        if not hosts:
            raise IntegrationError(
                ErrorCode.UPSTREAM_ERROR,
                "Deluge's web UI is not connected to a daemon and its connection manager lists "
                "none: add the daemon in the web UI's Connection Manager",
                url=self.http.base_url.join(JSON_PATH),
            )
        host_id, host, port, _ = hosts[0]
        await self.call("web.connect", [host_id], object)
        if not await self.call("web.connected", [], bool):
            raise IntegrationError(
                ErrorCode.UPSTREAM_ERROR,
                f"Deluge's web UI could not connect to its daemon at {host}:{port}: is deluged "
                "running?",
                url=self.http.base_url.join(JSON_PATH),
            )

    async def ui_state(self, keys: list[str]) -> DelugeUiState:
        """``web.update_ui`` for every torrent with ``keys``, connecting to the daemon first
        if the web UI is not connected."""
        state = await self.call("web.update_ui", [keys, {}], DelugeUiState)
        if not state.connected or state.torrents is None:
            await self.ensure_connected()
            state = await self.call("web.update_ui", [keys, {}], DelugeUiState)
        if not state.connected or state.torrents is None:
            raise IntegrationError(
                ErrorCode.UPSTREAM_ERROR,
                "Deluge's web UI lost its daemon connection while answering",
                url=self.http.base_url.join(JSON_PATH),
            )
        return state
