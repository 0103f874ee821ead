"""The failures every integration must report the same way, whatever the service: walked from
the registry, so a new integration is held to them without writing a line."""

from __future__ import annotations

import types
from typing import Any, Union, get_args, get_origin

import httpx
import pytest
from pydantic import BaseModel, SecretStr

from integrations.addresses import AddressPolicy
from integrations.config import ServiceConfig
from integrations.errors import ErrorCode, IntegrationError
from integrations.registry import registry
from integrations.types import Integration
from tests.integrations.test_registry import SHIPPED
from tests.support.hostile_upstream import hostile_pair
from tests.support.server import free_port

CANARY = "canary-secret-7d1e"
HTML = "<!doctype html><html><head><title>Welcome to nginx!</title></head><body></body></html>"


def _value(annotation: Any) -> Any:
    if get_origin(annotation) in (Union, types.UnionType):
        annotation = next(a for a in get_args(annotation) if a is not type(None))
    if annotation is SecretStr or SecretStr in get_args(annotation):
        return CANARY
    if annotation is int:
        return 1
    return "x1"


def _filled(model: type[BaseModel]) -> dict[str, Any]:
    return {
        info.alias or name: _value(info.annotation)
        for name, info in model.model_fields.items()
        if info.is_required() and name != "type"
    }


# Optional settings without which an integration has nothing to read.
NEEDED_EXTRA = {"uptimekuma": {"slug": "home"}}


def sample_config(integration: Integration[Any], url: str) -> ServiceConfig:
    """A valid config with the first credential set filled with placeholders (the secrets
    with the canary)."""
    data: dict[str, Any] = {"url": url, "timeout": 5}
    first = integration.credentials[0]
    data["credentials"] = {"type": first.model_fields["type"].default, **_filled(first)}
    if integration.extra is not None:
        data["extra"] = {**_filled(integration.extra), **NEEDED_EXTRA.get(integration.id, {})}
    return integration.config_model.model_validate(data)


async def failure(
    integration: Integration[Any],
    transport: httpx.AsyncBaseTransport | None,
    url: str,
    addresses: AddressPolicy | None = None,
) -> IntegrationError:
    client = integration.create_client(
        sample_config(integration, url), transport=transport, addresses=addresses
    )
    try:
        with pytest.raises(IntegrationError) as caught:
            await integration.test_connection(client)
    finally:
        await client.aclose()
    error = caught.value
    for text in (str(error), repr(error), error.message, error.url or ""):
        assert CANARY not in text, f"{integration.id} leaks a secret: {text}"
    return error


@pytest.mark.parametrize("integration_id", SHIPPED)
async def test_closed_port_is_connection_refused(integration_id: str) -> None:
    error = await failure(registry.get(integration_id), None, f"http://127.0.0.1:{free_port()}")
    assert error.code is ErrorCode.CONNECTION_REFUSED, error


@pytest.mark.parametrize("integration_id", SHIPPED)
async def test_a_name_resolving_to_a_metadata_address_is_never_contacted(
    integration_id: str,
) -> None:
    """Every client connects through the address policy (none builds a transport of its own)."""

    async def rebind(host: str, port: int) -> list[str]:
        return ["169.254.169.254"]

    policy = AddressPolicy(resolve=rebind)
    error = await failure(registry.get(integration_id), None, "http://rebind.test", policy)
    assert error.code is ErrorCode.ADDRESS_NOT_ALLOWED, error
    assert "rebind.test resolves to 169.254.169.254" in error.message


@pytest.mark.parametrize("integration_id", SHIPPED)
async def test_a_web_page_at_the_url_is_not_that_service(integration_id: str) -> None:
    transport = httpx.MockTransport(
        lambda _r: httpx.Response(200, text=HTML, headers={"content-type": "text/html"})
    )
    error = await failure(registry.get(integration_id), transport, "http://service.test")
    assert error.code is ErrorCode.INVALID_RESPONSE, error


@pytest.mark.parametrize("integration_id", SHIPPED)
async def test_server_errors_are_upstream_errors(integration_id: str) -> None:
    transport = httpx.MockTransport(lambda _r: httpx.Response(503, text="Service Unavailable"))
    error = await failure(registry.get(integration_id), transport, "http://service.test")
    assert error.code is ErrorCode.UPSTREAM_ERROR, error
    assert error.status == 503


@pytest.mark.parametrize("status", [302, 307])
@pytest.mark.parametrize("integration_id", SHIPPED)
async def test_a_redirect_to_another_origin_is_refused_and_no_secret_leaves(
    integration_id: str, status: int
) -> None:
    """A 302 would carry the credential headers along, a 307 the login form too."""
    async with hostile_pair() as (service, elsewhere):
        error = await failure(registry.get(integration_id), None, f"{service.url}/away-{status}")
    assert error.code is ErrorCode.REDIRECT_REFUSED, error
    assert service.received and elsewhere.received == []


@pytest.mark.parametrize("integration_id", SHIPPED)
async def test_an_endless_body_is_response_too_large(integration_id: str) -> None:
    async with hostile_pair() as (service, _):
        error = await failure(registry.get(integration_id), None, f"{service.url}/big-chunked")
    assert error.code is ErrorCode.RESPONSE_TOO_LARGE, error
