"""FreshRSS's Google Reader API: a user's username and API password (Profile, API
management; not the login password) exchanged at ``accounts/ClientLogin`` for an ``Auth=``
token, sent as ``Authorization: GoogleLogin auth=<token>``. A wrong password is 401
``Unauthorized!``, an unknown user 400; the token lasts until the API password changes."""

from __future__ import annotations

import httpx

from integrations.base import ServiceClient
from integrations.config import UsernamePassword
from integrations.errors import ErrorCode, IntegrationError, Meanings
from integrations.sessions import LoginRules

API = "api/greader.php/"
LOGIN_PATH = API + "accounts/ClientLogin"
REJECTED = (
    "FreshRSS rejected the username or API password (set one under Profile, API management, "
    "and allow API access in Authentication)"
)
LOGIN_REFUSALS: Meanings = {
    400: (ErrorCode.UNAUTHORIZED, REJECTED),
    401: (ErrorCode.UNAUTHORIZED, REJECTED),
}


class FreshRSSClient(ServiceClient):
    """A FreshRSS Google Reader API client: one ClientLogin, then the token header."""

    logs_in = LoginRules(keeps="token", ttl=24 * 3600.0, failure_hold=300.0)

    def default_headers(self) -> dict[str, str]:
        token = self.session.token
        return {"Authorization": f"GoogleLogin auth={token}"} if token else {}

    async def login(self) -> str:
        creds = self.credentials_as(UsernamePassword)
        if creds is None:
            raise IntegrationError(ErrorCode.INVALID_CONFIG, "FreshRSS needs a username")
        form = {"Email": creds.username, "Passwd": creds.password.get_secret_value()}
        response = await self.send("POST", LOGIN_PATH, data=form)
        if response.status_code != 200:
            raise IntegrationError.for_status(
                response.status_code, response.url, meanings=LOGIN_REFUSALS
            )
        for line in response.text.splitlines()[:10]:
            key, _, value = line.partition("=")
            if key == "Auth" and value.strip():
                return value.strip()
        raise IntegrationError(
            ErrorCode.INVALID_RESPONSE,
            "the login answer has no Auth token: is the URL FreshRSS's (with its API enabled)?",
            status=response.status_code,
            url=response.url,
        )

    def session_expired(self, response: httpx.Response) -> bool:
        return response.status_code == 401

    def unauthorized_hint(self, response: httpx.Response) -> str:
        return REJECTED
