"""A test-only integration with every config feature: two credential sets, extra settings."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from integrations import registry
from integrations.base import ServiceClient
from integrations.capabilities import Payload
from integrations.config import ApiKey, ConfigModel, Secret, UsernamePassword, field
from integrations.types import Integration, ServiceInfo, endpoint


class DemoExtra(ConfigModel):
    site: str = field("Site", default="default")
    webhook_token: Secret | None = field("Webhook token", default=None)


class Reading(Payload):
    value: int


class Demo(Integration[ServiceClient]):
    id = "demo"
    name = "Demo"
    categories = ("testing",)
    credentials = (ApiKey, UsernamePassword)
    extra = DemoExtra

    async def test_connection(self, client: ServiceClient) -> ServiceInfo:
        return ServiceInfo(version="1.0")

    @endpoint("reading", name="Reading", description="A number", ttl=10, min_refresh=5)
    async def reading(self, client: ServiceClient) -> Reading:
        return Reading(value=42)


demo = Demo()


@contextmanager
def registered() -> Iterator[Demo]:
    registry.register(demo)
    try:
        yield demo
    finally:
        registry.unregister(demo.id)
