"""The MediaBrowser REST API, Jellyfin's and Emby's: an API key, or a user login whose access
token is the session.

Every request carries an authorization header that names the client and the device
(``<scheme> Client="...", Device="...", DeviceId="...", Version="..."``) and the token, inside
it (``Token="..."``) or in a header of its own, as each server's client says. The token is an
API key or the ``AccessToken`` that ``POST /Users/AuthenticateByName`` returns; the servers
answer 401 to a missing, wrong or revoked one, and to a wrong password. The login token is the
session: other Tilewire processes take it over instead of logging in themselves. A user policy
can lock an account after failed logins, so a rejected login is not retried for five minutes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any, ClassVar, TypeVar
from urllib.parse import quote

import httpx
from pydantic import TypeAdapter

from integrations.base import USER_AGENT, ServiceClient
from integrations.config import ApiKey, ServiceConfig, UsernamePassword
from integrations.errors import ErrorCode, IntegrationError
from integrations.families.mediabrowser.models import AuthenticationResult

T = TypeVar("T")

LOGIN_PATH = "Users/AuthenticateByName"
CLIENT_NAME, _, CLIENT_VERSION = USER_AGENT.partition("/")
DEVICE_NAME = "Tilewire dashboard"


class MediaBrowserClient(ServiceClient):
    """A MediaBrowser client: the API key, or a login token renewed once when it is revoked;
    subclasses name the server and its headers."""

    uses_session = True
    login_failure_hold = 300.0

    service_name: ClassVar[str]
    api_prefix: ClassVar[str]
    """Prepended to every API path (Emby documents its API under ``/emby``)."""
    auth_header: ClassVar[str]
    auth_scheme: ClassVar[str]
    token_header: ClassVar[str | None]
    """Where the token goes; None puts it in the authorization header as ``Token="..."``."""
    key_hint: ClassVar[str]
    """Where the server's API keys are made, for the message that refuses one."""
    session_query: ClassVar[Mapping[str, str]]
    """Query of ``GET /Sessions``."""
    counts_artists: ClassVar[bool]
    """Whether ``/Items/Counts`` fills ArtistCount."""

    def __init__(self, config: ServiceConfig, **kwargs: Any) -> None:
        super().__init__(config, **kwargs)
        self._token: str | None = None

    # --- authorization -------------------------------------------------------------------

    def needs_session(self) -> bool:
        return self.credentials_as(UsernamePassword) is not None

    @property
    def device_id(self) -> str:
        """Stable per server and user, so that the server lists one device, not one per login."""
        creds = self.credentials_as(UsernamePassword)
        seed = f"tilewire|{self.config.base_url}|{creds.username if creds else ''}"
        return hashlib.sha256(seed.encode()).hexdigest()[:32]

    def token(self) -> str | None:
        key = self.credentials_as(ApiKey)
        return key.api_key.get_secret_value() if key is not None else self._token

    def authorization(self, token: str | None) -> dict[str, str]:
        """The headers that identify Tilewire and carry ``token`` (if any)."""
        params = {
            "Client": CLIENT_NAME,
            "Device": DEVICE_NAME,
            "DeviceId": self.device_id,
            "Version": CLIENT_VERSION,
        }
        if token and self.token_header is None:
            params["Token"] = token
        value = ", ".join(f'{name}="{quote(text, safe="")}"' for name, text in params.items())
        headers = {self.auth_header: f"{self.auth_scheme} {value}"}
        if token and self.token_header is not None:
            headers[self.token_header] = token
        return headers

    def default_headers(self) -> dict[str, str]:
        return self.authorization(self.token())

    async def login(self) -> None:
        self._token = None
        creds = self.credentials_as(UsernamePassword)
        if creds is None:
            raise IntegrationError(
                ErrorCode.INVALID_CONFIG, f"{self.service_name} needs a username and password"
            )
        body = {"Username": creds.username, "Pw": creds.password.get_secret_value()}
        response = await self.send("POST", self.path(LOGIN_PATH), json=body)
        if response.status_code == 401:
            raise IntegrationError(
                ErrorCode.UNAUTHORIZED,
                f"{self.service_name} rejected the username or password",
                status=401,
                url=response.url,
            )
        if response.status_code == 403:
            raise IntegrationError(
                ErrorCode.FORBIDDEN,
                f"{self.service_name} refused the login: the account is disabled or may not "
                "sign in from this address",
                status=403,
                url=response.url,
            )
        if response.status_code != 200:
            raise IntegrationError.for_status(response.status_code, response.url)
        self._token = self.parse(response, AuthenticationResult).access_token

    def session_expired(self, response: httpx.Response) -> bool:
        return response.status_code == 401

    def export_session(self) -> bytes:
        return (self._token or "").encode()

    def import_session(self, data: bytes) -> None:
        self._token = data.decode() or None

    # --- requests ------------------------------------------------------------------------

    def path(self, path: str) -> str:
        return self.api_prefix + path

    async def get(
        self,
        path: str,
        model: type[T] | TypeAdapter[T],
        *,
        params: Mapping[str, Any] | None = None,
    ) -> T:
        """The JSON answer of ``GET path`` as ``model``; refusals name what to check."""
        response = await self.request("GET", self.path(path), params=params, expect=(200, 401, 403))
        if response.status_code == 401:
            # A login session that stays refused is reported by ``request`` itself.
            raise IntegrationError(
                ErrorCode.UNAUTHORIZED,
                f"{self.service_name} rejected the API key ({self.key_hint})",
                status=401,
                url=response.url,
            )
        if response.status_code == 403:
            raise IntegrationError(
                ErrorCode.FORBIDDEN,
                f"{self.service_name} does not let this user read it: sign in as an "
                "administrator or use an API key",
                status=403,
                url=response.url,
            )
        return self.parse(response, model)
