"""Actions as GraphQL: the catalogue's action forms, an App's actions, ``runAction`` and the
admins' ``actionLog``."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, cast

import strawberry
from strawberry.scalars import JSON

from app.actions import ActionReport, Actor
from app.auth import Role
from app.errors import InvalidInput
from app.models import ActionRun as ActionRunModel
from app.models import RunOutcome
from schema.context import Context
from schema.data import EndpointData, IntegrationErrorNode, endpoint_data
from schema.errors import PublicError, ValidationErrors

Info = strawberry.Info[Context, None]

RunOutcomeEnum = strawberry.enum(RunOutcome, description="How an action run ended.")


@strawberry.type
class ActionSuccess:
    action_id: strawberry.ID
    message: str = strawberry.field(description="What the action did, to show as it is.")
    affected: int | None = strawberry.field(
        description="How many items it changed, where the service says."
    )
    latency_ms: float = strawberry.field(description="How long the service took to act.")
    replayed: bool = strawberry.field(
        description="Answered from an earlier run with the same clientKey: not run again."
    )
    data: list[EndpointData] = strawberry.field(
        description="The affected endpoints' data, fetched again after the action (the cache "
        "and every subscriber have it too)."
    )


@strawberry.type
class ActionFailure:
    """The action failed, or was not run (RATE_LIMITED, INTEGRATION_DISABLED); the error says
    what happened (PARTIALLY_APPLIED: some of it was done). Nothing is retried."""

    action_id: strawberry.ID
    latency_ms: float
    error: IntegrationErrorNode
    replayed: bool = strawberry.field(
        description="Answered from an earlier run with the same clientKey: not run again."
    )
    retry_after_seconds: int | None = strawberry.field(
        description="When Tilewire's action rate limit refused it: seconds until this caller "
        "may run an action again. Nothing was sent."
    )


RunActionResult = Annotated[
    ActionSuccess | ActionFailure | ValidationErrors, strawberry.union("RunActionResult")
]


def action_result(report: ActionReport) -> ActionSuccess | ActionFailure:
    latency = round(report.latency_ms, 1)
    if report.error is not None or report.result is None:
        assert report.error is not None
        return ActionFailure(
            action_id=strawberry.ID(report.action_id),
            latency_ms=latency,
            error=IntegrationErrorNode.of(report.error),
            replayed=report.replayed,
            retry_after_seconds=report.retry_after,
        )
    return ActionSuccess(
        action_id=strawberry.ID(report.action_id),
        message=report.result.message,
        affected=report.result.affected,
        latency_ms=latency,
        replayed=report.replayed,
        data=[endpoint_data(key, value) for key, value in report.data],
    )


def actor_of(context: Context) -> Actor:
    client = getattr(context.request, "client", None)
    return Actor(context.role, context.subject, context.via, client.host if client else None)


async def run_action(
    info: Info,
    app_id: strawberry.ID,
    action_id: strawberry.ID,
    input: JSON | None = None,
    confirm: bool = False,
    client_key: str | None = None,
) -> RunActionResult:
    try:
        report = await info.context.services.actions.run(
            str(app_id),
            str(action_id),
            input,
            confirm=confirm,
            client_key=client_key,
            actor=actor_of(info.context),
        )
    except InvalidInput as err:
        return ValidationErrors.of(err)
    return action_result(report)


@strawberry.type
class ActionRun:
    """One run of an action, as recorded (the input without secrets)."""

    id: strawberry.ID
    app_id: strawberry.ID
    app_name: str = strawberry.field(description="The App's name when it ran.")
    integration_type: str
    action_id: strawberry.ID
    actor: str | None = strawberry.field(
        description="The token's subject, the API key's name or the proxy's user; null with "
        "authentication off."
    )
    via: str = strawberry.field(description="How the actor signed in: jwt, api_key, proxy, none.")
    role: str | None
    input: JSON
    outcome: RunOutcomeEnum  # type: ignore[valid-type]
    error_code: str | None
    message: str
    affected: int | None
    latency_ms: float | None
    created_at: datetime

    @classmethod
    def of(cls, run: ActionRunModel) -> ActionRun:
        return cls(
            id=strawberry.ID(run.id),
            app_id=strawberry.ID(run.app_id),
            app_name=run.app_name,
            integration_type=run.integration_type,
            action_id=strawberry.ID(run.action_id),
            actor=run.actor,
            via=run.actor_via,
            role=run.role,
            input=cast(JSON, run.input),
            outcome=run.outcome,
            error_code=run.error_code,
            message=run.message,
            affected=run.affected,
            latency_ms=run.latency_ms,
            created_at=run.created_at,
        )


@strawberry.type
class ActionLog:
    runs: list[ActionRun]
    end_cursor: str | None = strawberry.field(description="Pass as after for the next page.")
    has_next_page: bool


async def action_log(
    info: Info,
    app_id: strawberry.ID | None = None,
    first: int = 20,
    after: str | None = None,
) -> ActionLog:
    if info.context.role is not Role.ADMIN:
        raise PublicError("actionLog needs the admin role", "FORBIDDEN")
    try:
        page = await info.context.services.actions.log(
            str(app_id) if app_id is not None else None, first, after
        )
    except InvalidInput as err:
        problem = err.errors[0]
        raise PublicError(f"{problem.argument}: {problem.message}", "BAD_USER_INPUT") from None
    return ActionLog(
        runs=[ActionRun.of(run) for run in page.runs],
        end_cursor=page.end_cursor,
        has_next_page=page.has_next_page,
    )
