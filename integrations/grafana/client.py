"""Grafana's HTTP API authentication: a user's username and password as basic auth, or a
service account token as a bearer token. Refused credentials are a 401; a permission the user
or service account lacks is a 403 (``/api/admin/stats`` needs a Grafana server admin)."""

from __future__ import annotations

import httpx

from integrations.base import ServiceClient
from integrations.config import BearerToken


class GrafanaClient(ServiceClient):
    """A Grafana API client: basic auth, or the service account token as a bearer token."""

    basic_auth = True

    def default_headers(self) -> dict[str, str]:
        token = self.credentials_as(BearerToken)
        if token is None:
            return {}
        return {"Authorization": f"Bearer {token.token.get_secret_value()}"}

    def unauthorized_hint(self, response: httpx.Response) -> str:
        if self.credentials_as(BearerToken) is not None:
            return (
                "Grafana rejected the service account token: create one under Administration > "
                "Users and access > Service accounts (tokens may expire)"
            )
        return "Grafana rejected the username or password (is basic auth enabled?)"

    def forbidden_hint(self, response: httpx.Response) -> str:
        return (
            "Grafana refused the permission: the server statistics need a Grafana server admin "
            "signing in with username and password (a service account cannot be one), the "
            "alerts a Viewer role or more"
        )
