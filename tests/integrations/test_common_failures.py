"""The failures every integration must report the same way, whatever the service: walked from
the registry, so a new integration is held to them without writing a line."""

from __future__ import annotations

import ast
import inspect
import types
from pathlib import Path
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


SPEAKS_NO_HTTP = {"minecraft", "nut"}
"""Integrations that open a TCP connection of their own protocol (through the address policy)
rather than send HTTP: the closed-port and address-policy checks hold them too, but the HTTP
answers below (a web page, a 503, a redirect, a chunked body, a 401/403) mean nothing to them.
Their own tests hold them to the same failures in their protocol: a web server at the address
(INVALID_RESPONSE), an endless answer (RESPONSE_TOO_LARGE), a refusal (UNAUTHORIZED)."""
HTTP_SHIPPED = [
    integration_id for integration_id in SHIPPED if integration_id not in SPEAKS_NO_HTTP
]

# Optional settings without which an integration has nothing to read.
NEEDED_EXTRA = {
    "uptimekuma": {"slug": "home"},
    # what to read from the answer (the selector need not match for these failures)
    "customapi": {"mappings": [{"selector": "$.version", "label": "Version"}]},
}


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


@pytest.mark.parametrize("integration_id", HTTP_SHIPPED)
async def test_a_web_page_at_the_url_is_not_that_service(integration_id: str) -> None:
    transport = httpx.MockTransport(
        lambda _r: httpx.Response(200, text=HTML, headers={"content-type": "text/html"})
    )
    integration = registry.get(integration_id)
    if integration_id in CHECKS_ANY_SITE:
        client = integration.create_client(
            sample_config(integration, "http://service.test"), transport=transport
        )
        try:
            info = await integration.test_connection(client)
        finally:
            await client.aclose()
        assert info.details.get("status") == "200", info
        return
    error = await failure(integration, transport, "http://service.test")
    assert error.code is ErrorCode.INVALID_RESPONSE, error


CHECKS_ANY_SITE = {"sitemonitor"}
"""Integrations that check a site itself rather than a service's API: a web page at the URL is
what they expect to find (up, unless the App's settings ask for more)."""


@pytest.mark.parametrize("integration_id", HTTP_SHIPPED)
async def test_server_errors_are_upstream_errors(integration_id: str) -> None:
    transport = httpx.MockTransport(lambda _r: httpx.Response(503, text="Service Unavailable"))
    error = await failure(registry.get(integration_id), transport, "http://service.test")
    assert error.code is ErrorCode.UPSTREAM_ERROR, error
    assert error.status == 503


@pytest.mark.parametrize("status", [302, 307])
@pytest.mark.parametrize("integration_id", HTTP_SHIPPED)
async def test_a_redirect_to_another_origin_is_refused_and_no_secret_leaves(
    integration_id: str, status: int
) -> None:
    """A 302 would carry the credential headers along, a 307 the login form too."""
    async with hostile_pair() as (service, elsewhere):
        error = await failure(registry.get(integration_id), None, f"{service.url}/away-{status}")
    assert error.code is ErrorCode.REDIRECT_REFUSED, error
    assert service.received and elsewhere.received == []


@pytest.mark.parametrize("integration_id", HTTP_SHIPPED)
async def test_an_endless_body_is_response_too_large(integration_id: str) -> None:
    async with hostile_pair() as (service, _):
        error = await failure(registry.get(integration_id), None, f"{service.url}/big-chunked")
    assert error.code is ErrorCode.RESPONSE_TOO_LARGE, error


@pytest.mark.parametrize("status", [401, 403])
@pytest.mark.parametrize("integration_id", HTTP_SHIPPED)
async def test_a_refusal_is_unauthorized_or_forbidden(integration_id: str, status: int) -> None:
    """Whatever the service refuses with (its login, its API), the error is a refusal, with
    the status, and without the secret."""
    transport = httpx.MockTransport(lambda _r: httpx.Response(status, text=""))
    error = await failure(registry.get(integration_id), transport, "http://service.test")
    if integration_id in TELLS_APART_FIRST:
        assert error.code is ErrorCode.INVALID_RESPONSE, error
        return
    assert error.code in (ErrorCode.UNAUTHORIZED, ErrorCode.FORBIDDEN), error
    assert error.status == status


TELLS_APART_FIRST = {"pihole"}
"""Integrations that first ask which API generation answers: Pi-hole v6 answers
``GET /api/auth`` with a session object even when it refuses, so a bare refusal there (and at
v5's api.php) is not Pi-hole's."""


REFUSAL_HOOKS = frozenset(
    {"refusal", "unauthorized_hint", "forbidden_hint", "failure", "session_expired"}
)
"""Where a client may look at a 401 or 403 itself (``integrations.base.ServiceClient``)."""


def _client_sources() -> set[Path]:
    """The modules of every shipped client class and its bases, the shared one excepted."""
    found: set[Path] = set()
    for integration_id in SHIPPED:
        for klass in registry.get(integration_id).load().__mro__:
            if klass.__module__.startswith("integrations.") and klass.__module__ != (
                "integrations.base"
            ):
                found.add(Path(inspect.getfile(klass)))
    return found


def _names_a_refusal(node: ast.expr) -> bool:
    if isinstance(node, ast.Constant):
        return node.value in (401, 403)
    if isinstance(node, ast.Tuple | ast.List | ast.Set):
        return any(_names_a_refusal(item) for item in node.elts)
    return False


def _hand_written_refusals(tree: ast.Module) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []

    def visit(node: ast.AST, function: str) -> None:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            function = node.name
        if (
            isinstance(node, ast.Compare)
            and function not in REFUSAL_HOOKS
            and any(_names_a_refusal(side) for side in (node.left, *node.comparators))
        ):
            found.append((node.lineno, function))
        for child in ast.iter_child_nodes(node):
            visit(child, function)

    visit(tree, "")
    return found


def test_no_client_checks_a_refusal_by_hand() -> None:
    """A 401 or 403 is mapped in one place (``ServiceClient.failure``); a client words it with
    its hints, and says what its login's refusals mean with ``for_status(meanings=...)``."""
    sources = _client_sources()
    assert len(sources) >= 40
    offenders = [
        f"{path.relative_to(Path(__file__).parents[2])}:{line} in {function or 'module'}"
        for path in sorted(sources)
        for line, function in _hand_written_refusals(ast.parse(path.read_text()))
    ]
    assert offenders == [], "compares a status with 401/403 outside the refusal hooks"
