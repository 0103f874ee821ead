"""Running an integration's actions through Tilewire's GraphQL API, as a dashboard does."""

from __future__ import annotations

from typing import Any

from tests.schema.test_apps import CREATE
from tests.support.api import Api

RUN = """mutation($app: ID!, $action: ID!, $input: JSON, $confirm: Boolean, $key: String) {
  runAction(appId: $app, actionId: $action, input: $input, confirm: $confirm, clientKey: $key) {
    __typename
    ... on ActionSuccess { actionId message affected replayed latencyMs
      data { endpointId stale error { code message } json } }
    ... on ActionFailure { actionId latencyMs replayed retryAfterSeconds
      error { code message status } }
    ... on ValidationErrors { errors { argument field code message } } } }"""


async def create_app(
    api: Api,
    integration_type: str,
    config: dict[str, Any],
    *,
    allowed_actions: list[str] | None = None,
) -> str:
    """A new App of ``integration_type`` with ``config``; ``allowed_actions`` lists the
    actions it allows (None: the default, every non-destructive one). Returns its id."""
    fields: dict[str, Any] = {
        "name": integration_type,
        "integrationType": integration_type,
        "integrationConfig": config,
    }
    if allowed_actions is not None:
        fields["allowedActions"] = allowed_actions
    created = (await api.query(CREATE, {"input": fields}))["createApp"]
    assert created["__typename"] == "App", created
    app_id: str = created["id"]
    return app_id


async def run_action(
    api: Api,
    app_id: str,
    action_id: str,
    input: dict[str, Any] | None = None,
    *,
    confirm: bool = False,
    client_key: str | None = None,
) -> dict[str, Any]:
    """``runAction``'s result: ActionSuccess, ActionFailure or ValidationErrors."""
    variables = {
        "app": app_id,
        "action": action_id,
        "input": input,
        "confirm": confirm,
        "key": client_key,
    }
    result: dict[str, Any] = (await api.query(RUN, variables))["runAction"]
    return result


async def succeed(
    api: Api,
    app_id: str,
    action_id: str,
    input: dict[str, Any] | None = None,
    *,
    confirm: bool = False,
) -> dict[str, Any]:
    """``run_action`` that must succeed; the refreshed data of each affected endpoint, by id."""
    result = await run_action(api, app_id, action_id, input, confirm=confirm)
    assert result["__typename"] == "ActionSuccess", result
    for data in result["data"]:
        assert data["error"] is None, data
    return {data["endpointId"]: data["json"] for data in result["data"]}
