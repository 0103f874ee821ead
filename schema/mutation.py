"""Root mutation: App and Widget CRUD, API keys. Expected failures are ``ValidationErrors``
results."""

from __future__ import annotations

from typing import Annotated

import strawberry

from app.errors import FieldErrorCode, InvalidInput
from app.rate_limit import Caller
from schema.actions import RunActionResult, run_action
from schema.context import Context
from schema.data import (
    EndpointData,
    TestConnectionFailure,
    TestConnectionSuccess,
    endpoint_data,
    test_result,
)
from schema.errors import ValidationErrors
from schema.inputs import (
    CreateAppInput,
    CreateWidgetInput,
    TestIntegrationInput,
    UpdateAppInput,
    UpdateWidgetInput,
    given,
    widget_fields,
)
from schema.signin import CreateApiKeyResult, RevokeApiKeyResult, create_api_key, revoke_api_key
from schema.types import AppNode, Deleted, WidgetNode

AppResult = Annotated[AppNode | ValidationErrors, strawberry.union("AppResult")]
WidgetResult = Annotated[WidgetNode | ValidationErrors, strawberry.union("WidgetResult")]
DeleteResult = Annotated[Deleted | ValidationErrors, strawberry.union("DeleteResult")]
TestIntegrationResult = Annotated[
    TestConnectionSuccess | TestConnectionFailure | ValidationErrors,
    strawberry.union("TestIntegrationResult"),
]

Info = strawberry.Info[Context, None]


def caller_of(context: Context) -> Caller:
    """Who asks, for rate limits: the role and token subject, and the client's address."""
    subject = None
    if context.subject is not None and context.role is not None:
        subject = f"{context.role.value}:{context.subject}"
    client = getattr(context.request, "client", None)
    return Caller(subject, client.host if client is not None else None)


@strawberry.type
class Mutation:
    create_api_key: CreateApiKeyResult = strawberry.mutation(
        resolver=create_api_key,
        description="A new API key for a program; the result shows the key this once only.",
    )
    revoke_api_key: RevokeApiKeyResult = strawberry.mutation(
        resolver=revoke_api_key,
        description="Deletes the API key: requests with it are refused from now on, and "
        "WebSockets opened with it are closed (4403).",
    )

    run_action: RunActionResult = strawberry.mutation(
        resolver=run_action,
        description="Run one of the App's actions (operators and admins), once: a retry with "
        "the same clientKey (from the same caller) is answered from the first run's record. A "
        "destructive action needs confirm: true. input follows the action's inputSchema "
        "(Integration.actions). After success the affected endpoints are fetched again; the "
        "result, the cache and every subscriber get their new data. Rate limited per caller "
        "(ActionFailure RATE_LIMITED with retryAfterSeconds).",
    )

    @strawberry.mutation
    async def create_app(self, info: Info, input: CreateAppInput) -> AppResult:
        try:
            return AppNode.of(await info.context.services.apps.create(given(input)))
        except InvalidInput as err:
            return ValidationErrors.of(err)

    @strawberry.mutation
    async def update_app(
        self,
        info: Info,
        id: strawberry.ID,
        input: UpdateAppInput,
    ) -> AppResult:
        try:
            return AppNode.of(await info.context.services.apps.update(str(id), given(input)))
        except InvalidInput as err:
            return ValidationErrors.of(err)

    @strawberry.mutation(description="Deletes the App and every widget showing it.")
    async def delete_app(self, info: Info, id: strawberry.ID) -> DeleteResult:
        try:
            return Deleted(id=strawberry.ID(await info.context.services.apps.delete(str(id))))
        except InvalidInput as err:
            return ValidationErrors.of(err)

    @strawberry.mutation
    async def create_widget(self, info: Info, input: CreateWidgetInput) -> WidgetResult:
        try:
            return WidgetNode.of(await info.context.services.widgets.create(widget_fields(input)))
        except InvalidInput as err:
            return ValidationErrors.of(err)

    @strawberry.mutation
    async def update_widget(
        self,
        info: Info,
        id: strawberry.ID,
        input: UpdateWidgetInput,
    ) -> WidgetResult:
        try:
            widgets = info.context.services.widgets
            return WidgetNode.of(await widgets.update(str(id), widget_fields(input)))
        except InvalidInput as err:
            return ValidationErrors.of(err)

    @strawberry.mutation
    async def delete_widget(self, info: Info, id: strawberry.ID) -> DeleteResult:
        try:
            return Deleted(id=strawberry.ID(await info.context.services.widgets.delete(str(id))))
        except InvalidInput as err:
            return ValidationErrors.of(err)

    @strawberry.mutation(
        description="Try a config against the service. With appId, the App's stored secrets "
        "fill in the ones config omits (same integration type, and a URL on the origin they "
        "were entered for: another scheme, host or port must enter them again). Rate limited "
        "per caller: over the limit, a RATE_LIMITED failure says when to retry "
        "(retryAfterSeconds)."
    )
    async def test_integration(
        self, info: Info, input: TestIntegrationInput
    ) -> TestIntegrationResult:
        app_id = str(input.app_id) if input.app_id is not None else None
        config: object = input.config
        if not isinstance(config, dict):
            return ValidationErrors.of(
                InvalidInput.one(
                    None, FieldErrorCode.WRONG_TYPE, "config must be a JSON object", "config"
                )
            )
        try:
            outcome = await info.context.services.live.test(
                input.integration_type, config, app_id, caller_of(info.context)
            )
        except InvalidInput as err:
            return ValidationErrors.of(err)
        return test_result(outcome)

    @strawberry.mutation(description="Fetch an endpoint's data now, whatever its TTL says.")
    async def refresh_integration_data(
        self, info: Info, app_id: strawberry.ID, endpoint_id: strawberry.ID
    ) -> EndpointData:
        key = (str(app_id), str(endpoint_id))
        return endpoint_data(key, await info.context.services.live.get(*key, force=True))
