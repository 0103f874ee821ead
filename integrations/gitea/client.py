"""The Gitea API v1 (also Forgejo's): ``Authorization: token <token>``, or HTTP basic auth.

Gitea answers a missing or wrong token or password with 401 (``{"message": "token is
required"}`` and the like), and a token without the scope a route needs with 403 ("token does
not have required scope: read:notification"). Basic auth cannot pass two-factor login (it needs
a one-time code per request): use an access token then.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

import httpx
from pydantic import TypeAdapter, ValidationError

from integrations.base import ServiceClient
from integrations.errors import ErrorCode, IntegrationError
from integrations.gitea.definition import GiteaSettings, GiteaToken
from integrations.gitea.models import ApiError

T = TypeVar("T")

FORGEJO_MARKER = "+gitea-"
"""Forgejo 7.0 and later: ``<forgejo version>+gitea-<compatible Gitea version>``."""
MAX_MESSAGE_LENGTH = 120
_API_ERROR: TypeAdapter[ApiError] = TypeAdapter(ApiError)


def flavor(version: str) -> tuple[str, str | None]:
    """``("forgejo", "<Gitea version>")`` for a Forgejo version string, else ``("gitea", None)``."""
    if FORGEJO_MARKER in version:
        return "forgejo", version.split(FORGEJO_MARKER, 1)[1]
    return "gitea", None


def upstream_message(response: httpx.Response) -> str:
    try:
        return _API_ERROR.validate_json(response.content).message[:MAX_MESSAGE_LENGTH]
    except ValidationError:
        return ""


class GiteaClient(ServiceClient):
    """A Gitea API client: access token header or basic auth."""

    basic_auth = True

    @property
    def settings(self) -> GiteaSettings:
        extra = self.config.extra
        return extra if isinstance(extra, GiteaSettings) else GiteaSettings()

    def default_headers(self) -> dict[str, str]:
        creds = self.credentials_as(GiteaToken)
        if creds is None:
            return {}
        return {"Authorization": f"token {creds.token.get_secret_value()}"}

    async def get(
        self,
        path: str,
        model: type[T] | TypeAdapter[T],
        *,
        params: Mapping[str, str | int] | None = None,
        missing: str = "",
    ) -> T:
        """``GET /api/v1/<path>`` as ``model``; ``missing`` names what a 404 means."""
        response = await self.request(
            "GET", f"api/v1/{path}", params=params, expect=(200, 401, 403, 404)
        )
        if response.status_code == 401:
            what = (
                "access token"
                if self.credentials_as(GiteaToken)
                else "username or password (with two-factor login on, use an access token)"
            )
            raise IntegrationError(
                ErrorCode.UNAUTHORIZED, f"Gitea rejected the {what}", status=401, url=response.url
            )
        if response.status_code == 403:
            detail = upstream_message(response)
            raise IntegrationError(
                ErrorCode.FORBIDDEN,
                "Gitea refused the call" + (f": {detail}" if detail else ""),
                status=403,
                url=response.url,
            )
        if response.status_code == 404:
            if not missing:
                raise IntegrationError.for_status(404, response.url)
            raise IntegrationError(
                ErrorCode.NOT_FOUND,
                f"{missing} was not found (or the credentials may not see it)",
                status=404,
                url=response.url,
            )
        return self.parse(response, model)
