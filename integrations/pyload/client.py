"""pyLoad-ng's API: ``GET /api/<method>`` with an API key header, or a web-login session.

pyLoad-ng 0.5 dropped the old ``POST /api/login`` (it answers 404 "Obsolete API") and HTTP
basic auth. API clients send ``X-API-Key``; a username and password work only the way the web
UI uses them: the login form (with its CSRF token) sets a session cookie that the API accepts
for GET calls. Sessions are kept on disk (they survive restarts) and last 31 days by default;
one the server no longer knows is answered 401 ``Invalid API credentials``, and the client logs
in again once. The API allows 100 calls a minute per client address.
"""

from __future__ import annotations

import re
from typing import TypeVar

import httpx
from pydantic import TypeAdapter, ValidationError

from integrations.base import ServiceClient
from integrations.config import ApiKey, UsernamePassword
from integrations.errors import ErrorCode, IntegrationError
from integrations.pyload.models import ApiError

T = TypeVar("T")

API_KEY_HEADER = "X-API-Key"
LOGIN_PATH = "login"
SESSION_GONE = "Invalid API credentials"
KEY_REFUSALS = frozenset({"Invalid API key", "Invalid or expired API key", "API key has expired"})
PERMISSION_REFUSAL = "Access denied"
CSRF_TOKEN = re.compile(
    r'name="csrf_token"[^>]*?\bvalue="([^"]+)"|name="csrf-token"[^>]*?\bcontent="([^"]+)"'
)


def api_error(response: httpx.Response) -> str | None:
    """The ``error`` of a pyLoad error body, None when the body is not one."""
    try:
        return ApiError.model_validate_json(response.content).error
    except ValidationError:
        return None


class PyloadClient(ServiceClient):
    """A pyLoad-ng API client: the API key header, or a login session kept and renewed."""

    uses_session = True
    login_failure_hold = 300.0

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
        return api_error(response) == SESSION_GONE

    async def call(self, method: str, model: type[T] | TypeAdapter[T]) -> T:
        """The answer of API method ``method`` (a GET one) as ``model``."""
        response = await self.request("GET", f"api/{method}", expect=(200, 401, 429))
        if response.status_code == 200:
            return self.parse(response, model)
        raise self._refused(method, response)

    def _refused(self, method: str, response: httpx.Response) -> IntegrationError:
        status, error = response.status_code, api_error(response)
        if status == 429:
            code = ErrorCode.RATE_LIMITED
            message = "pyLoad allows 100 API calls a minute per address: refresh less often"
        elif error == PERMISSION_REFUSAL:
            code = ErrorCode.FORBIDDEN
            message = f"this pyLoad user may not call {method} (it needs more permissions)"
        elif error in KEY_REFUSALS and self.credentials_as(ApiKey) is not None:
            code = ErrorCode.UNAUTHORIZED
            message = f"pyLoad rejected the API key ({error})"
        else:
            return IntegrationError.for_status(status, response.url)
        return IntegrationError(code, message, status=status, url=response.url)
