"""OctoPrint's REST API: the API key in the ``X-Api-Key`` header.

OctoPrint does not reject an unknown key as such: it treats the request as coming from an
anonymous guest and answers 403 to anything a guest may not see (never 401). A 403 is therefore
checked against ``/api/currentuser``: no user behind the key means the key was refused
(UNAUTHORIZED); a user means the key works but that user lacks the permission (FORBIDDEN).
"""

from __future__ import annotations

import httpx

from integrations.base import ServiceClient
from integrations.errors import ErrorCode, IntegrationError
from integrations.octoprint.models import ApiError, CurrentUser

API_KEY_HEADER = "X-Api-Key"
CURRENT_USER_PATH = "api/currentuser"
CONFLICT = 409
KEY_REFUSED = (
    "OctoPrint did not accept the API key: use a user's key (User Settings > Access > API Key) "
    "or an application key (Settings > Application Keys)"
)


class OctoPrintClient(ServiceClient):
    """An OctoPrint REST client: API key header, 403 told apart into refused key and missing
    permission."""

    api_key_header = API_KEY_HEADER

    async def current_user(self) -> str:
        """The OctoPrint user behind the API key; UNAUTHORIZED when there is none (OctoPrint
        takes a request with an unknown key for an anonymous guest's)."""
        response = await self.send("GET", CURRENT_USER_PATH)
        if response.status_code != 200:
            raise IntegrationError.for_status(response.status_code, response.url)
        user = self.parse(response, CurrentUser)
        if user.name is None:
            raise IntegrationError(
                ErrorCode.UNAUTHORIZED, KEY_REFUSED, status=response.status_code, url=response.url
            )
        return user.name

    async def failure(self, response: httpx.Response) -> IntegrationError:
        """A 403 is a refused key, or a user without the permission: the user says which. A
        409 is the printer's state refusing a command; OctoPrint's own words say why."""
        if response.status_code == CONFLICT:
            body = self.try_parse(response, ApiError)
            if body is not None and body.error:
                return IntegrationError(
                    ErrorCode.UPSTREAM_ERROR,
                    f"OctoPrint refused (HTTP 409): {self.detail(body.error)}",
                    status=CONFLICT,
                    url=response.url,
                )
        error = await super().failure(response)
        if error.code is not ErrorCode.FORBIDDEN:
            return error
        try:
            name = await self.current_user()
        except IntegrationError:
            name = None
        if name is None:
            return IntegrationError(
                ErrorCode.UNAUTHORIZED, f"{KEY_REFUSED} (HTTP 403)", status=403, url=response.url
            )
        return IntegrationError(
            ErrorCode.FORBIDDEN,
            f"the API key belongs to OctoPrint user {name!r}, who may not do this "
            "(HTTP 403): grant the user's group the Status permission (to read) or Control "
            "(to pause, resume or cancel a print), or use another key",
            status=403,
            url=response.url,
        )
