"""pyLoad-ng's API: ``GET /api/<method>`` with an API key header, or a web-login session.

pyLoad-ng 0.5 dropped the old ``POST /api/login`` (it answers 404 "Obsolete API") and HTTP
basic auth. API clients send ``X-API-Key``; a username and password work only the way the web
UI uses them: the login form (with its CSRF token) sets a session cookie that the API accepts
for GET calls. Sessions are kept on disk (they survive restarts) and last 31 days by default;
one the server no longer knows is answered 401 ``Invalid API credentials``, and the client logs
in again once. The API allows 100 calls a minute per client address.

Calls that change something (``pause_server``, ...) take POST only. With an API key that is all;
a web session's POST also needs the CSRF token its pages carry (``X-CSRFToken``), which the
client reads from the dashboard just before (pyLoad answers 400 "CSRF token is invalid" without).
"""

from __future__ import annotations

import logging
import re

import httpx

from integrations.base import ServiceClient
from integrations.config import ApiKey, UsernamePassword
from integrations.errors import ErrorCode, IntegrationError, Meanings
from integrations.pyload.models import ApiError
from integrations.sessions import LoginRules

API_KEY_HEADER = "X-API-Key"
LOGIN_PATH = "login"
CSRF_PAGE = "dashboard"
CSRF_HEADER = "X-CSRFToken"
CSRF_REFUSAL = "CSRF token"
SESSION_GONE = "Invalid API credentials"
KEY_REFUSALS = frozenset({"Invalid API key", "Invalid or expired API key", "API key has expired"})
PERMISSION_REFUSAL = "Access denied"
RATE_LIMIT: Meanings = {
    429: (
        ErrorCode.RATE_LIMITED,
        "pyLoad allows 100 API calls a minute per address: refresh less often",
    )
}
logger = logging.getLogger(__name__)
CSRF_TOKEN = re.compile(
    r'name="csrf_token"[^>]*?\bvalue="([^"]+)"|name="csrf-token"[^>]*?\bcontent="([^"]+)"'
)


class PyloadClient(ServiceClient):
    """A pyLoad-ng API client: the API key header, or a login session kept and renewed."""

    logs_in = LoginRules(failure_hold=300.0)

    def needs_session(self) -> bool:
        """Only a username and password log in; an API key is sent with every request."""
        return self.credentials_as(UsernamePassword) is not None

    api_key_header = API_KEY_HEADER

    async def login(self) -> None:
        creds = self.credentials_as(UsernamePassword)
        if creds is None:
            raise IntegrationError(ErrorCode.INVALID_CONFIG, "pyLoad login needs a username")
        page = await self.send("GET", LOGIN_PATH)
        if page.status_code != 200:
            raise IntegrationError.for_status(page.status_code, page.url)
        found = CSRF_TOKEN.search(page.text)
        if found is None:
            raise IntegrationError(
                ErrorCode.INVALID_RESPONSE,
                "no pyLoad login form at this URL: is the URL right and is this pyLoad 0.5?",
                status=page.status_code,
                url=page.url,
            )
        form = {
            "csrf_token": found.group(1) or found.group(2),
            "username": creds.username,
            "password": creds.password.get_secret_value(),
        }
        response = await self.send("POST", LOGIN_PATH, data=form)
        if response.status_code != 200:
            raise IntegrationError.for_status(response.status_code, response.url)
        # A login that worked redirects away from the form; a rejected one shows it again.
        if response.url.path.rstrip("/").endswith("/" + LOGIN_PATH):
            raise IntegrationError(
                ErrorCode.UNAUTHORIZED,
                "pyLoad rejected the username or password",
                status=response.status_code,
                url=response.url,
            )
        if not response.history:
            raise IntegrationError(
                ErrorCode.INVALID_RESPONSE,
                "the login answer is not pyLoad's: is the URL right and is this pyLoad?",
                status=response.status_code,
                url=response.url,
            )

    def session_expired(self, response: httpx.Response) -> bool:
        if self.credentials_as(UsernamePassword) is None or response.status_code != 401:
            return False
        return self._error(response) == SESSION_GONE

    def refusal(self, response: httpx.Response) -> ErrorCode | None:
        error = self._error(response)
        if error == PERMISSION_REFUSAL:
            return ErrorCode.FORBIDDEN
        if error in KEY_REFUSALS and self.credentials_as(ApiKey) is not None:
            return ErrorCode.UNAUTHORIZED
        return None

    def unauthorized_hint(self, response: httpx.Response) -> str:
        return f"pyLoad rejected the API key ({self.detail(self._error(response))})"

    def forbidden_hint(self, response: httpx.Response) -> str:
        method = response.url.path.rsplit("/", 1)[-1]
        return f"this pyLoad user may not call {method} (it needs more permissions)"

    async def failure(self, response: httpx.Response) -> IntegrationError:
        status = response.status_code
        if status in RATE_LIMIT:
            return IntegrationError.for_status(status, response.url, meanings=RATE_LIMIT)
        if status == 400 and CSRF_REFUSAL in response.text[:200]:
            return IntegrationError(
                ErrorCode.UNAUTHORIZED,
                "pyLoad refused the web session's CSRF token (the session was renewed meanwhile "
                "or the token expired): try again, or use an API key",
                status=status,
                url=response.url,
            )
        return await super().failure(response)

    async def call(self, method: str) -> httpx.Response:
        """``POST /api/<method>`` without arguments: a call that changes something. A web
        session sends the CSRF token of its pages with it."""
        headers: dict[str, str] = {}
        if self.credentials_as(UsernamePassword) is not None:
            headers[CSRF_HEADER] = await self._csrf_token()
        return await self.request("POST", f"api/{method}", headers=headers)

    async def _csrf_token(self) -> str:
        """The CSRF token of the logged-in session's pages (the dashboard's meta tag); a
        session pyLoad forgot (the dashboard redirects to the login form) is renewed once."""
        await self.session.ensure()
        generation = self.session.generation
        page = await self.request("GET", CSRF_PAGE)
        if self._on_login_form(page):
            logger.info("pyLoad forgot the session; logging in again")
            await self.session.renew(generation)
            page = await self.request("GET", CSRF_PAGE)
        found = None if self._on_login_form(page) else CSRF_TOKEN.search(page.text)
        if found is None:
            raise IntegrationError(
                ErrorCode.INVALID_RESPONSE,
                "pyLoad's dashboard carries no CSRF token for this session, which its API "
                "needs to change anything: use an API key",
                status=page.status_code,
                url=page.url,
            )
        return found.group(1) or found.group(2)

    @staticmethod
    def _on_login_form(page: httpx.Response) -> bool:
        return page.url.path.rstrip("/").endswith("/" + LOGIN_PATH)

    def _error(self, response: httpx.Response) -> str | None:
        """The ``error`` of a pyLoad error body, None when the body is not one."""
        body = self.try_parse(response, ApiError)
        return body.error if body is not None else None
