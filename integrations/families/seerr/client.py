"""The Seerr API v1, Overseerr's and Jellyseerr's: an API key header, or a sign-in session
cookie.

The spec documents two ways in: the ``X-Api-Key`` header (the key of Settings > General, acting
as the first administrator), or the ``connect.sid`` cookie that a sign-in sets (``/auth/local``
with an email and password, ``/auth/plex`` with a Plex token). A request without a valid key or
session is refused by the authentication check with 403 ``{"status": 403, "error": ...}``; a
session that expired gets the same 403, so the client signs in again once. A wrong password is
403 ``Access denied.``; a disabled sign-in method is 500 with its reason.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import ClassVar, TypeVar

import httpx
from pydantic import TypeAdapter, ValidationError

from integrations.base import ServiceClient
from integrations.config import ApiKey
from integrations.errors import ErrorCode, IntegrationError
from integrations.families.seerr.definition import LocalAccount, PlexToken
from integrations.families.seerr.models import ErrorBody, User

T = TypeVar("T")

API_KEY_HEADER = "X-Api-Key"
API_ROOT = "api/v1/"
SESSION_COOKIE = "connect.sid"
MAX_DETAIL_LENGTH = 200
SIGN_IN_DISABLED = frozenset({"Password sign-in is disabled.", "Jellyfin login is disabled"})


@dataclass(frozen=True, slots=True)
class SignIn:
    """One sign-in method: where to post what, and what its refusals mean."""

    path: str
    body: dict[str, str]
    refusals: Mapping[int, tuple[ErrorCode, str]] = field(default_factory=dict)


def error_text(response: httpx.Response) -> str | None:
    """The reason in an error body, None when the body is not one."""
    try:
        text = ErrorBody.model_validate_json(response.content).text
    except ValidationError:
        return None
    return text[:MAX_DETAIL_LENGTH] if text else None


class SeerrClient(ServiceClient):
    """A Seerr API client: the API key on every request, or a session signed in once and
    renewed on 403; subclasses name the service."""

    service_name: ClassVar[str]
    uses_session = True

    def needs_session(self) -> bool:
        """Every credential set but the API key signs in."""
        return self.credentials_as(ApiKey) is None

    api_key_header = API_KEY_HEADER

    def sign_in(self) -> SignIn:
        """The sign-in for the configured credentials (subclasses add their own)."""
        name = self.service_name
        local = self.credentials_as(LocalAccount)
        if local is not None:
            rejected = (ErrorCode.UNAUTHORIZED, f"{name} rejected the email or password")
            return SignIn(
                API_ROOT + "auth/local",
                {"email": local.email, "password": local.password.get_secret_value()},
                {401: rejected, 403: rejected},
            )
        plex = self.credentials_as(PlexToken)
        if plex is not None:
            return SignIn(
                API_ROOT + "auth/plex",
                {"authToken": plex.plex_token.get_secret_value()},
                {
                    401: (ErrorCode.UNAUTHORIZED, f"{name} rejected the Plex token"),
                    403: (
                        ErrorCode.FORBIDDEN,
                        f"{name} does not let this Plex account sign in: it needs access to the "
                        "Plex server, and to be imported unless new Plex sign-ins are allowed",
                    ),
                    500: (
                        ErrorCode.UPSTREAM_ERROR,
                        f"{name} could not sign in with this Plex token: check the token and "
                        "that it reaches plex.tv",
                    ),
                },
            )
        raise IntegrationError(
            ErrorCode.INVALID_CONFIG, f"{name} needs an API key or an account to sign in with"
        )

    async def login(self) -> None:
        sign_in = self.sign_in()
        self.http.cookies.clear()
        response = await self.send("POST", sign_in.path, json=sign_in.body)
        if response.status_code != 200:
            raise self._sign_in_refused(sign_in, response)
        self.parse(response, User)  # a sign-in answers with the user: this is the service
        if SESSION_COOKIE not in self.http.cookies:
            raise IntegrationError(
                ErrorCode.INVALID_RESPONSE,
                f"{self.service_name} accepted the sign-in but set no session cookie: is a "
                "proxy dropping cookies?",
                status=response.status_code,
                url=response.url,
            )

    def _sign_in_refused(self, sign_in: SignIn, response: httpx.Response) -> IntegrationError:
        status, reason = response.status_code, error_text(response)
        if reason in SIGN_IN_DISABLED:
            return IntegrationError(
                ErrorCode.FORBIDDEN,
                f"{self.service_name} has this sign-in method turned off ({reason}): turn it "
                "on in Settings > Users, or use the API key",
                status=status,
                url=response.url,
            )
        if status in sign_in.refusals:
            code, message = sign_in.refusals[status]
            return IntegrationError(code, message, status=status, url=response.url)
        return IntegrationError.for_status(status, response.url, reason or "")

    async def api(self, path: str, model: type[T] | TypeAdapter[T]) -> T:
        """The JSON answer of ``GET /api/v1/<path>`` as ``model``."""
        response = await self.request("GET", API_ROOT + path, expect=(200, 401, 403))
        if response.status_code == 200:
            return self.parse(response, model)
        if self.credentials_as(ApiKey) is not None:
            raise IntegrationError(
                ErrorCode.UNAUTHORIZED,
                f"{self.service_name} rejected the API key (Settings > General > API Key)",
                status=response.status_code,
                url=response.url,
            )
        raise IntegrationError.for_status(response.status_code, response.url)
