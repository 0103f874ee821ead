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

from dataclasses import dataclass, field
from typing import ClassVar

import httpx

from integrations.base import ServiceClient
from integrations.config import ApiKey
from integrations.errors import ErrorCode, IntegrationError, Meanings
from integrations.families.seerr.definition import LocalAccount, MediaServerAccount, PlexToken
from integrations.families.seerr.models import ErrorBody, User
from integrations.sessions import LoginRules

API_KEY_HEADER = "X-Api-Key"
API_ROOT = "api/v1/"
SESSION_COOKIE = "connect.sid"
SIGN_IN_DISABLED = frozenset({"Password sign-in is disabled.", "Jellyfin login is disabled"})


@dataclass(frozen=True, slots=True)
class SignIn:
    """One sign-in method: where to post what, and what its refusals mean."""

    path: str
    body: dict[str, str]
    refusals: Meanings = field(default_factory=dict)


class SeerrClient(ServiceClient):
    """A Seerr API client: the API key on every request, or a session signed in once and
    renewed on 403; subclasses name the service."""

    service_name: ClassVar[str]
    logs_in = LoginRules()

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
        status = response.status_code
        body = self.try_parse(response, ErrorBody)
        reason = self.detail(body.text if body is not None else None)
        if reason in SIGN_IN_DISABLED:
            return IntegrationError(
                ErrorCode.FORBIDDEN,
                f"{self.service_name} has this sign-in method turned off ({reason}): turn it "
                "on in Settings > Users, or use the API key",
                status=status,
                url=response.url,
            )
        return IntegrationError.for_status(status, response.url, reason, meanings=sign_in.refusals)

    def refusal(self, response: httpx.Response) -> ErrorCode | None:
        # A signed-in session that stays refused is reported by ``request`` itself.
        if self.credentials_as(ApiKey) is None:
            return None
        return ErrorCode.UNAUTHORIZED if super().refusal(response) else None

    def unauthorized_hint(self, response: httpx.Response) -> str:
        return f"{self.service_name} rejected the API key (Settings > General > API Key)"


class MediaServerSeerrClient(SeerrClient):
    """The Seerr client with the Jellyfin/Emby sign-in (``/auth/jellyfin``) of Jellyseerr and
    Seerr: a Jellyfin or Emby user's username and password, which the service checks with its
    media server. It answers 401 ``Unauthorized`` when the media server rejects the password,
    403 ``Access denied.`` for a user the service does not let in (not imported, new sign-ins
    off), 406 when a new user would first need an email address, and 500 ``Jellyfin login is
    disabled`` when the server is set up for Plex."""

    def sign_in(self) -> SignIn:
        account = self.credentials_as(MediaServerAccount)
        if account is None:
            return super().sign_in()
        name = self.service_name
        return SignIn(
            API_ROOT + "auth/jellyfin",
            {
                "username": account.server_username,
                "password": account.server_password.get_secret_value(),
            },
            {
                401: (
                    ErrorCode.UNAUTHORIZED,
                    "the media server rejected the Jellyfin/Emby username or password",
                ),
                403: (
                    ErrorCode.FORBIDDEN,
                    f"{name} does not let this user sign in: import it (Users) or allow new "
                    "sign-ins",
                ),
                406: (
                    ErrorCode.FORBIDDEN,
                    f"this user has never signed in to {name}: sign in once in its web UI "
                    "(it asks for an email address)",
                ),
            },
        )
