"""The Subsonic API's authentication: credentials on every request, in the query string.

Token authentication (API 1.13.0 and later) sends ``t = md5(password + salt)`` with a fresh
random salt ``s`` per request, so the password itself never travels; plain authentication
sends the password hex-encoded (``p=enc:...``), for servers that cannot check tokens (LDAP
users, some Subsonic clones answer error 41). Either way the credentials are in the URL:
errors carry URLs without their query string and httpx's request logging is kept quiet (see
``integrations.base``), so they are never shown or logged.

Failures come back as HTTP 200 with ``status: failed`` and an error code; a rejected login is
remembered for a minute and not sent again meanwhile (Navidrome limits failed logins).
"""

from __future__ import annotations

import hashlib
import secrets
import time

from integrations.base import ServiceClient
from integrations.errors import ErrorCode, IntegrationError
from integrations.navidrome.definition import SubsonicPassword, SubsonicToken
from integrations.navidrome.models import SubsonicAnswer, SubsonicError, SubsonicResponse
from integrations.optional import Unsupported

API_VERSION = "1.16.1"
CLIENT_NAME = "tilewire"
SALT_BYTES = 8
"""16 hex characters; the API asks for at least six."""
REJECTED_HOLD = 60.0
"""Seconds a rejected login is reported again without asking the server."""

AUTH_CODES = frozenset({40, 41, 42, 43, 44})
"""Wrong credentials (40), token or password authentication not supported (41, 42), conflicting
mechanisms (43), invalid API key (44)."""
FORBIDDEN_CODE = 50
NOT_FOUND_CODE = 70
UNSUPPORTED_CODES = frozenset({0, 30, NOT_FOUND_CODE})
"""How servers refuse a call they do not implement (an optional part of an endpoint is then
left out): a generic error (0; LMS answers "Not implemented"), "Incompatible Subsonic REST
protocol version. Server must upgrade" (30: the call is newer than the server's API), "The
requested data was not found" (70; gonic answers an unknown call "view not found")."""


def token_params(password: str, salt: str) -> dict[str, str]:
    """``t`` and ``s`` for one request."""
    digest = hashlib.md5((password + salt).encode(), usedforsecurity=False).hexdigest()
    return {"t": digest, "s": salt}


def refusal(error: SubsonicError, reason: str) -> tuple[ErrorCode, str]:
    """The taxonomy entry and message for a ``status: failed`` answer; ``reason`` is its
    message, fit to quote."""
    if error.code == 41:
        return ErrorCode.UNAUTHORIZED, (
            "the server does not accept token authentication (error 41, e.g. for LDAP users): "
            "use the plain password credentials"
        )
    if error.code == 42:
        return ErrorCode.UNAUTHORIZED, (
            "the server does not accept this authentication mechanism (error 42): "
            f"{reason or 'use another credential set'}"
        )
    if error.code in AUTH_CODES:
        return ErrorCode.UNAUTHORIZED, (
            f"the server rejected the username or password (error {error.code}"
            + (f": {reason})" if reason else ")")
        )
    if error.code == FORBIDDEN_CODE:
        return ErrorCode.FORBIDDEN, "this user is not allowed to do this (error 50)"
    if error.code == NOT_FOUND_CODE:
        return ErrorCode.NOT_FOUND, f"the server found no such data (error 70): {reason}"
    return ErrorCode.UPSTREAM_ERROR, f"the server failed (Subsonic error {error.code}): {reason}"


class NavidromeClient(ServiceClient):
    """A Subsonic API client: every call carries the credentials, ``v``, ``c`` and ``f=json``."""

    _rejected: tuple[float, IntegrationError] | None = None

    def auth_params(self) -> dict[str, str]:
        """The authentication and protocol parameters of one request (a fresh salt each time)."""
        creds = self.config.credentials
        if isinstance(creds, SubsonicToken):
            secret = token_params(creds.password.get_secret_value(), secrets.token_hex(SALT_BYTES))
        elif isinstance(creds, SubsonicPassword):
            secret = {"p": "enc:" + creds.password.get_secret_value().encode().hex()}
        else:
            raise IntegrationError(
                ErrorCode.INVALID_CONFIG, "the Subsonic API needs a username and a password"
            )
        return {"u": creds.username, **secret, "v": API_VERSION, "c": CLIENT_NAME, "f": "json"}

    async def call(self, method: str, **params: str | int) -> SubsonicResponse:
        """The envelope of ``GET /rest/<method>``; a ``failed`` answer raises its error."""
        self._hold_back_rejected()
        response = await self.request(
            "GET", f"rest/{method}", params={**params, **self.auth_params()}
        )
        answer = self.parse(response, SubsonicAnswer).response
        if answer.status == "ok":
            self._rejected = None
            return answer
        error = answer.error or SubsonicError(code=0, message="no error given")
        code, message = refusal(error, self.detail(error.message))
        kind = Unsupported if error.code in UNSUPPORTED_CODES else IntegrationError
        failure = kind(code, message, status=response.status_code, url=response.url)
        if code is ErrorCode.UNAUTHORIZED:
            self._rejected = (time.monotonic(), failure)
        raise failure

    def _hold_back_rejected(self) -> None:
        if self._rejected is None:
            return
        rejected_at, error = self._rejected
        if time.monotonic() - rejected_at < REJECTED_HOLD:
            raise IntegrationError(
                error.code,
                f"{error.message} (not retried for {REJECTED_HOLD:g} s after a rejected login)",
                status=error.status,
                url=error.url,
            )
