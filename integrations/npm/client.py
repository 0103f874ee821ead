"""Nginx Proxy Manager's API: a user's email and password exchanged for a token
(``POST /api/tokens``), sent as a bearer token. Its authentication errors are 400 (not 401):
``{"error": {"code": 400, "message": "Invalid email or password"}}``, and "Token has expired"
for a token past its expiry (a day by default), which means "log in again"."""

from __future__ import annotations

import httpx

from integrations.base import ServiceClient
from integrations.config import UsernamePassword
from integrations.errors import ErrorCode, IntegrationError
from integrations.npm.models import ErrorBody, Token
from integrations.sessions import LoginRules

TOKENS_PATH = "api/tokens"
REJECTED = "Nginx Proxy Manager rejected the email or password"
AUTH_ERRORS = ("Invalid email or password", "Token has expired", "Empty token")


def auth_error(response: httpx.Response) -> str | None:
    """The authentication error a 400 carries, or None for another kind of 400."""
    if response.status_code != 400:
        return None
    try:
        message = ErrorBody.model_validate_json(response.content).error.message
    except ValueError:
        return None
    return message if message in AUTH_ERRORS else None


class NginxProxyManagerClient(ServiceClient):
    """A Nginx Proxy Manager client: logs in once, keeps the token, renews it when expired."""

    logs_in = LoginRules(keeps="token", ttl=12 * 3600.0, failure_hold=300.0)

    def default_headers(self) -> dict[str, str]:
        token = self.session.token
        return {"Authorization": f"Bearer {token}"} if token else {}

    async def login(self) -> str:
        creds = self.credentials_as(UsernamePassword)
        if creds is None:
            raise IntegrationError(
                ErrorCode.INVALID_CONFIG, "Nginx Proxy Manager needs an email and a password"
            )
        body = {"identity": creds.username, "secret": creds.password.get_secret_value()}
        response = await self.send("POST", TOKENS_PATH, json=body)
        if auth_error(response) is not None:
            raise IntegrationError(
                ErrorCode.UNAUTHORIZED, REJECTED, status=response.status_code, url=response.url
            )
        if response.status_code != 200:
            raise IntegrationError.for_status(
                response.status_code,
                response.url,
                meanings={401: (ErrorCode.UNAUTHORIZED, REJECTED)},
            )
        token = self.parse(response, Token)
        if token.requires_2fa or not token.token:
            raise IntegrationError(
                ErrorCode.UNAUTHORIZED,
                "this Nginx Proxy Manager user has two-factor authentication, which a dashboard "
                "cannot answer: use a user without it (a viewer with the needed permissions)",
                status=response.status_code,
                url=response.url,
            )
        return token.token

    def session_expired(self, response: httpx.Response) -> bool:
        return response.status_code == 401 or auth_error(response) is not None

    def refusal(self, response: httpx.Response) -> ErrorCode | None:
        if auth_error(response) is not None:
            return ErrorCode.UNAUTHORIZED
        return super().refusal(response)

    def unauthorized_hint(self, response: httpx.Response) -> str:
        return "Nginx Proxy Manager rejected the session right after a fresh login"

    def forbidden_hint(self, response: httpx.Response) -> str:
        return "this Nginx Proxy Manager user may not view proxy hosts (Users, Permissions)"
