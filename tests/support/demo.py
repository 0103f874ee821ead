"""A test-only integration with every config feature: two credential sets, extra settings.

It talks to ``tests/support/fake_service.py``: ``GET version`` and ``GET reading`` with the
API key in ``X-Api-Key``.
"""

from __future__ import annotations

from integrations.actions import ActionInput, ActionResult, NoInput, PartiallyApplied, action
from integrations.base import ServiceClient, UpstreamModel
from integrations.capabilities import Payload
from integrations.config import ApiKey, ConfigModel, Secret, UsernamePassword, field
from integrations.registry import registry
from integrations.types import Integration, ServiceInfo, endpoint


class DemoExtra(ConfigModel):
    site: str = field("Site", default="default")
    webhook_token: Secret | None = field("Webhook token", default=None)


class Reading(Payload):
    value: int


class Version(UpstreamModel):
    version: str


class SetInput(ActionInput):
    value: int = field("Value", help="The new reading.", ge=0, le=1_000_000)
    pin: Secret | None = field("PIN", default=None, help="Never recorded.")


class Set(UpstreamModel):
    value: int


class DemoClient(ServiceClient):
    def default_headers(self) -> dict[str, str]:
        creds = self.credentials_as(ApiKey)
        return {"X-Api-Key": creds.api_key.get_secret_value()} if creds else {}


class Demo(Integration[DemoClient]):
    id = "demo"
    name = "Demo"
    categories = ("testing",)
    credentials = (ApiKey, UsernamePassword)
    extra = DemoExtra
    client_class = DemoClient

    async def test_connection(self, client: DemoClient) -> ServiceInfo:
        found = await client.get_json("version", Version)
        return ServiceInfo(version=found.version)

    @endpoint("reading", name="Reading", description="A number", ttl=10, min_refresh=5)
    async def reading(self, client: DemoClient) -> Reading:
        return await client.get_json("reading", Reading)

    @endpoint("fast", name="Fast reading", description="The same, fresh", ttl=0.3, min_refresh=0.2)
    async def fast(self, client: DemoClient) -> Reading:
        return await client.get_json("reading", Reading)

    @endpoint("gauge", name="Gauge", description="The same, kept long", ttl=30, min_refresh=1.5)
    async def gauge(self, client: DemoClient) -> Reading:
        return await client.get_json("reading", Reading)

    @action(
        "setValue",
        label="Set the value",
        description="Changes the reading.",
        input=SetInput,
        affects=("reading", "gauge"),
    )
    async def set_value(self, client: DemoClient, input: SetInput) -> ActionResult:
        response = await client.request("POST", "set", json={"value": input.value})
        found = client.parse(response, Set)
        return ActionResult(message=f"The reading is now {found.value}", affected=1)

    @action(
        "reset",
        label="Reset",
        description="Sets the reading to 0.",
        affects=("reading",),
        destructive=True,
    )
    async def reset(self, client: DemoClient, input: NoInput) -> ActionResult:
        await client.request("POST", "set", json={"value": 0})
        return ActionResult(message="The reading is 0")

    @action("escape", label="Escape", description="Tries to reach another origin.")
    async def escape(self, client: DemoClient, input: NoInput) -> ActionResult:
        await client.request("POST", "http://127.0.0.2:9/set", json={"value": 1})
        return ActionResult(message="reached another origin")

    @action("half", label="Half", description="Sets the value, then fails the second step.")
    async def half(self, client: DemoClient, input: NoInput) -> ActionResult:
        await client.request("POST", "set", json={"value": 7})
        raise PartiallyApplied("set the reading to 7, but the second step failed")


demo = Demo()


def register_demo() -> Demo:
    """Register the demo integration for the whole test session (before a schema is built,
    so that its payload type is part of that schema's Payload union)."""
    registry.register(demo)
    return demo


integration = demo
"""For TILEWIRE_PLUGINS=tests.support.demo (Tilewire processes started by tests)."""
