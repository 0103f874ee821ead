"""UrBackup's API authentication: an API key in the ``X-Api-Key`` header (replace with the
scheme UrBackup documents)."""

from __future__ import annotations

import httpx

from integrations.base import ServiceClient


class UrBackupClient(ServiceClient):
    """A UrBackup API client: the API key header with every request."""

    api_key_header = "X-Api-Key"

    def unauthorized_hint(self, response: httpx.Response) -> str:
        return "UrBackup rejected the API key: copy it again from UrBackup's settings"

    def forbidden_hint(self, response: httpx.Response) -> str:
        return "UrBackup's API key does not allow reading this"
