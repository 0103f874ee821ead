"""The end-to-end check every live integration test makes through Tilewire's GraphQL API."""

from __future__ import annotations

from typing import Any

from integrations.registry import registry
from tests.schema.test_apps import CREATE
from tests.support.api import Api
from tests.support.server import free_port

TEST = """mutation($input: TestIntegrationInput!) { testIntegration(input: $input) {
  __typename ... on TestConnectionSuccess { version details { name value } }
  ... on TestConnectionFailure { error { code message } }
  ... on ValidationErrors { errors { field message } } } }"""
DATA = """query($app: ID!, $endpoint: ID!) { integrationData(appId: $app, endpointId: $endpoint) {
  stale error { code message } json payload { __typename } } }"""


async def run_test(api: Api, integration_type: str, config: dict[str, Any]) -> dict[str, Any]:
    variables = {"input": {"integrationType": integration_type, "config": config}}
    result: dict[str, Any] = (await api.query(TEST, variables))["testIntegration"]
    return result


async def check_through_graphql(
    api: Api,
    integration_type: str,
    config: dict[str, Any],
    *,
    version: str | None,
    wrong_credentials: dict[str, Any] | None = None,
    secrets: tuple[str, ...] = (),
) -> dict[str, dict[str, Any]]:
    """testIntegration succeeds and reports ``version``; wrong credentials give UNAUTHORIZED;
    a closed port gives CONNECTION_REFUSED; an App with ``config`` serves every endpoint as
    its typed payload; no secret appears in any response. Returns each endpoint's JSON."""
    ok = await run_test(api, integration_type, config)
    assert ok["__typename"] == "TestConnectionSuccess", ok
    assert ok["version"] == version, ok
    if wrong_credentials is not None:
        wrong = await run_test(api, integration_type, wrong_credentials)
        assert wrong["__typename"] == "TestConnectionFailure", wrong
        assert wrong["error"]["code"] == "UNAUTHORIZED", wrong
    refused = await run_test(
        api, integration_type, {**config, "url": f"http://127.0.0.1:{free_port()}"}
    )
    assert refused["error"]["code"] == "CONNECTION_REFUSED", refused
    created = await api.query(
        CREATE,
        {
            "input": {
                "name": integration_type,
                "integrationType": integration_type,
                "integrationConfig": config,
            }
        },
    )
    app_id = created["createApp"]["id"]
    payloads: dict[str, dict[str, Any]] = {}
    for endpoint in registry.get(integration_type).endpoints.values():
        data = (await api.query(DATA, {"app": app_id, "endpoint": endpoint.id}))["integrationData"]
        assert data["error"] is None, (endpoint.id, data)
        assert data["payload"]["__typename"] == endpoint.payload.__name__
        endpoint.payload.model_validate(data["json"])  # the JSON is the same payload
        payloads[endpoint.id] = data["json"]
    for response in api.responses:
        for secret in secrets:
            assert secret not in response, "a secret reached a response"
    return payloads
