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
from typing import ClassVar
from urllib.parse import quote

import httpx

from integrations.base import USER_AGENT, ServiceClient
from integrations.config import ApiKey, UsernamePassword
from integrations.errors import ErrorCode, IntegrationError, Meanings
from integrations.families.mediabrowser.models import AuthenticationResult
from integrations.sessions import LoginRules

LOGIN_PATH = "Users/AuthenticateByName"
CLIENT_NAME, _, CLIENT_VERSION = USER_AGENT.partition("/")
DEVICE_NAME = "Tilewire dashboard"


class MediaBrowserClient(ServiceClient):
    """A MediaBrowser client: the API key, or a login token renewed once when it is revoked;
    subclasses name the server and its headers."""

    logs_in = LoginRules(keeps="token", failure_hold=300.0)

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
        return key.api_key.get_secret_value() if key is not None else self.session.token

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

    async def login(self) -> str:
        creds = self.credentials_as(UsernamePassword)
        if creds is None:
            raise IntegrationError(
                ErrorCode.INVALID_CONFIG, f"{self.service_name} needs a username and password"
            )
        body = {"Username": creds.username, "Pw": creds.password.get_secret_value()}
        response = await self.send("POST", self.path(LOGIN_PATH), json=body)
        if response.status_code != 200:
            name = self.service_name
            refusals: Meanings = {
                401: (ErrorCode.UNAUTHORIZED, f"{name} rejected the username or password"),
                403: (
                    ErrorCode.FORBIDDEN,
                    f"{name} refused the login: the account is disabled or may not sign in from "
                    "this address",
                ),
            }
            raise IntegrationError.for_status(response.status_code, response.url, meanings=refusals)
        return self.parse(response, AuthenticationResult).access_token

    def session_expired(self, response: httpx.Response) -> bool:
        return response.status_code == 401

    def unauthorized_hint(self, response: httpx.Response) -> str:
        # A login session that stays refused is reported by ``request`` itself.
        return f"{self.service_name} rejected the API key ({self.key_hint})"

    def forbidden_hint(self, response: httpx.Response) -> str:
        return (
            f"{self.service_name} does not let this user read it: sign in as an administrator "
            "or use an API key"
        )

    # --- requests ------------------------------------------------------------------------

    def path(self, path: str) -> str:
        return self.api_prefix + path
