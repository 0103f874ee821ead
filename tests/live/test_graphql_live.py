"""End to end through Tilewire's GraphQL API against the real services on loopback: create the
App, test the connection (right and wrong credentials, wrong port), and read every endpoint."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from integrations import registry
from tests.live.services import ServiceInfo, ensure_service
from tests.schema.test_apps import CREATE
from tests.support.api import Api
from tests.support.server import free_port

pytestmark = pytest.mark.live

TEST = """mutation($input: TestIntegrationInput!) { testIntegration(input: $input) {
  __typename ... on TestConnectionSuccess { version details { name value } }
  ... on TestConnectionFailure { error { code message } }
  ... on ValidationErrors { errors { field message } } } }"""
DATA = """query($app: ID!, $endpoint: ID!) { integrationData(appId: $app, endpointId: $endpoint) {
  stale error { code message } json payload { __typename } } }"""


def with_password(svc: ServiceInfo, password: str | None = None) -> dict[str, Any]:
    return {
        "url": svc.url,
        "credentials": {"username": svc.username, "password": password or svc.password},
    }


@dataclass(frozen=True)
class Case:
    config: Callable[[ServiceInfo], dict[str, Any]]
    wrong_credentials: Callable[[ServiceInfo], dict[str, Any]] | None


CASES = {
    "qbittorrent": Case(with_password, lambda svc: with_password(svc, "wrong-password")),
    "transmission": Case(with_password, lambda svc: with_password(svc, "wrong-password")),
    # Prometheus has no authentication of its own: wrong credentials cannot be refused.
    "prometheus": Case(lambda svc: {"url": svc.url}, None),
}


async def run_test(api: Api, integration_type: str, config: dict[str, Any]) -> dict[str, Any]:
    variables = {"input": {"integrationType": integration_type, "config": config}}
    result: dict[str, Any] = (await api.query(TEST, variables))["testIntegration"]
    return result


@pytest.mark.parametrize("integration_type", sorted(CASES))
async def test_through_graphql(api: Api, integration_type: str) -> None:
    svc = ensure_service(integration_type)
    case = CASES[integration_type]
    ok = await run_test(api, integration_type, case.config(svc))
    assert ok["__typename"] == "TestConnectionSuccess", ok
    assert ok["version"] == svc.version
    if case.wrong_credentials is not None:
        wrong = await run_test(api, integration_type, case.wrong_credentials(svc))
        assert wrong["error"]["code"] == "UNAUTHORIZED", wrong
        assert "wrong-password" not in str(wrong)
    refused = await run_test(
        api, integration_type, {**case.config(svc), "url": f"http://127.0.0.1:{free_port()}"}
    )
    assert refused["error"]["code"] == "CONNECTION_REFUSED"

    created = await api.query(
        CREATE,
        {
            "input": {
                "name": integration_type,
                "integrationType": integration_type,
                "integrationConfig": case.config(svc),
            }
        },
    )
    app_id = created["createApp"]["id"]
    for endpoint in registry.get(integration_type).endpoints.values():
        data = (await api.query(DATA, {"app": app_id, "endpoint": endpoint.id}))["integrationData"]
        assert data["error"] is None, data
        assert data["payload"]["__typename"] == endpoint.payload.__name__
        endpoint.payload.model_validate(data["json"])  # the JSON is the same payload
    for response in api.responses:
        assert svc.password is None or svc.password not in response
