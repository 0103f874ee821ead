"""The Gitea API v1 (also Forgejo's): ``Authorization: token <token>``, or HTTP basic auth.

Gitea answers a missing or wrong token or password with 401 (``{"message": "token is
required"}`` and the like), and a token without the scope a route needs with 403 ("token does
not have required scope: read:notification"). Basic auth cannot pass two-factor login (it needs
a one-time code per request): use an access token then.
"""

from __future__ import annotations

import httpx

from integrations.base import ServiceClient
from integrations.errors import ErrorCode, IntegrationError
from integrations.gitea.definition import GiteaSettings, GiteaToken
from integrations.gitea.models import ApiError, Repository

FORGEJO_MARKER = "+gitea-"
"""Forgejo 7.0 and later: ``<forgejo version>+gitea-<compatible Gitea version>``."""


def flavor(version: str) -> tuple[str, str | None]:
    """``("forgejo", "<Gitea version>")`` for a Forgejo version string, else ``("gitea", None)``."""
    if FORGEJO_MARKER in version:
        return "forgejo", version.split(FORGEJO_MARKER, 1)[1]
    return "gitea", None


class GiteaClient(ServiceClient):
    """A Gitea API client (``/api/v1/``): access token header or basic auth."""

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

    def unauthorized_hint(self, response: httpx.Response) -> str:
        what = (
            "access token"
            if self.credentials_as(GiteaToken)
            else "username or password (with two-factor login on, use an access token)"
        )
        return f"Gitea rejected the {what}"

    def forbidden_hint(self, response: httpx.Response) -> str:
        body = self.try_parse(response, ApiError)
        detail = self.detail(body.message if body is not None else None)
        return "Gitea refused the call" + (f": {detail}" if detail else "")

    async def repository(self, name: str) -> Repository:
        """The repository ``owner/name``; NOT_FOUND, named, when it is not there."""
        response = await self.request("GET", f"api/v1/repos/{name}", expect=(200, 404))
        if response.status_code == 404:
            raise IntegrationError(
                ErrorCode.NOT_FOUND,
                f"repository {name} was not found (or the credentials may not see it)",
                status=404,
                url=response.url,
            )
        return self.parse(response, Repository)
