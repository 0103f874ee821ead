"""A test-only integration with a cookie login session (tests/support/fake_service.py's
``login`` and ``session-reading``), for session reuse and sharing tests."""

from __future__ import annotations

import httpx

from integrations.base import ServiceClient
from integrations.config import ApiKey
from integrations.errors import ErrorCode, IntegrationError, Meanings
from integrations.sessions import LoginRules
from integrations.types import Integration, ServiceInfo, endpoint
from tests.support.demo import Reading

REFUSED: Meanings = {401: (ErrorCode.UNAUTHORIZED, "the key was refused")}


class DemoSessionClient(ServiceClient):
    logs_in = LoginRules()

    async def login(self) -> None:
        creds = self.credentials_as(ApiKey)
        assert creds is not None
        response = await self.send("POST", "login", json={"key": creds.api_key.get_secret_value()})
        if response.status_code != 200:
            raise IntegrationError.for_status(response.status_code, response.url, meanings=REFUSED)

    def session_expired(self, response: httpx.Response) -> bool:
        return response.status_code == 401


class DemoSession(Integration[DemoSessionClient]):
    id = "demosession"
    name = "Demo with a session"
    categories = ("testing",)
    credentials = (ApiKey,)
    client_class = DemoSessionClient

    async def test_connection(self, client: DemoSessionClient) -> ServiceInfo:
        await client.get_json("session-reading", Reading)
        return ServiceInfo(version="1.0")

    @endpoint("fast", name="Fast reading", description="A number", ttl=0.3, min_refresh=0.2)
    async def fast(self, client: DemoSessionClient) -> Reading:
        return await client.get_json("session-reading", Reading)


integration = DemoSession()
