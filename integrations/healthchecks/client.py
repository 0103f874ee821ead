"""Healthchecks' Management API authentication: a project's API key in the ``X-Api-Key`` header
(read-only keys list checks too)."""

from __future__ import annotations

import httpx

from integrations.base import ServiceClient


class HealthchecksClient(ServiceClient):
    """A Healthchecks Management API client: the project's API key with every request."""

    api_key_header = "X-Api-Key"

    def unauthorized_hint(self, response: httpx.Response) -> str:
        return (
            "Healthchecks rejected the API key: copy a project's key (32 characters, read-only "
            "is enough) again from Project Settings, API Access"
        )

    def forbidden_hint(self, response: httpx.Response) -> str:
        return "Healthchecks' API key does not allow listing this project's checks"
