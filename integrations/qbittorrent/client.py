"""qBittorrent's Web API session: a form login that sets the ``SID`` cookie.

qBittorrent answers 403 to any API call without a valid session (never 401), so a 403 means
"log in again". It rejects requests whose ``Referer``/``Origin`` does not match its host (CSRF
check), so none is sent. By default it bans the caller's IP after 5 failed logins; a rejected
login is therefore remembered and not retried with the same credentials for a while.
"""

from __future__ import annotations

import httpx

from integrations.base import ServiceClient
from integrations.config import UsernamePassword
from integrations.errors import ErrorCode, IntegrationError, Meanings
from integrations.sessions import LoginRules

LOGIN_PATH = "api/v2/auth/login"
LOGIN_OK = "Ok."
LOGIN_FAILED = "Fails."
MAX_VERSION_LENGTH = 64


LOGIN_REFUSALS: Meanings = {
    401: (ErrorCode.UNAUTHORIZED, "qBittorrent rejected the username or password"),
    403: (
        ErrorCode.FORBIDDEN,
        "qBittorrent has banned this address after too many failed logins: wait for the ban to "
        "end (Web UI option 'ban client after consecutive failures') or restart it",
    ),
}


class QBittorrentClient(ServiceClient):
    """A qBittorrent Web API client: logs in once, keeps the SID cookie, renews it on 403."""

    logs_in = LoginRules(failure_hold=600.0)

    async def login(self) -> None:
        creds = self.credentials_as(UsernamePassword)
        if creds is None:
            raise IntegrationError(
                ErrorCode.INVALID_CONFIG, "qBittorrent needs a username and a password"
            )
        form = {"username": creds.username, "password": creds.password.get_secret_value()}
        response = await self.send("POST", LOGIN_PATH, data=form)
        body = response.text.strip()
        if response.status_code == 200 and body == LOGIN_FAILED:
            code, message = LOGIN_REFUSALS[401]
            raise IntegrationError(code, message, status=200, url=response.url)
        if response.status_code != 200:
            raise IntegrationError.for_status(
                response.status_code, response.url, meanings=LOGIN_REFUSALS
            )
        if body != LOGIN_OK:
            raise IntegrationError(
                ErrorCode.INVALID_RESPONSE,
                "the login answer is not qBittorrent's: is the URL right and is this qBittorrent?",
                status=response.status_code,
                url=response.url,
            )

    def session_expired(self, response: httpx.Response) -> bool:
        return response.status_code == 403

    async def get_version(self, path: str) -> str:
        """A plain-text version answer (``app/version``, ``app/webapiVersion``)."""
        response = await self.request("GET", path)
        text = response.text.strip()
        if not text or len(text) > MAX_VERSION_LENGTH or any(c in text for c in "<>{} \n"):
            raise IntegrationError(
                ErrorCode.INVALID_RESPONSE,
                "the version answer is not qBittorrent's: is the URL right?",
                status=response.status_code,
                url=response.url,
            )
        return text

    async def speed_limits_mode(self) -> bool:
        """Whether the alternative speed limits are on (``transfer/speedLimitsMode``: 1 or 0)."""
        response = await self.request("GET", "api/v2/transfer/speedLimitsMode")
        text = response.text.strip()
        if text not in ("0", "1"):
            raise IntegrationError(
                ErrorCode.INVALID_RESPONSE,
                "the speed limits mode answer is not qBittorrent's (1 or 0): is the URL right?",
                status=response.status_code,
                url=response.url,
            )
        return text == "1"
