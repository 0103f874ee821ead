"""ActionService: runs an App's actions for the people allowed to, once, and records each run.

A run is checked before anything is sent: the App and its integration's action exist, the App
allows the action (an admin's list, or by default every action that is not destructive), a
destructive action is confirmed, the input validates, and the caller is within the action rate
limit. It is recorded before it is sent (state RUNNING) and updated with its outcome, so that a
retry carrying the same client key (from the same caller) is answered from the record instead
of running again, even when it arrives while the first is still running, through another
process. After success, the endpoints the action affects are fetched again at once: the cache
holds the new state and subscribers (in every process, with Redis) are sent it.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import hashlib
import logging
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from pydantic import ValidationError
from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q

from app.apps import _pydantic_errors, allowed_actions
from app.auth import Role, Via
from app.data import DataKey, LiveDataService, rate_limited_error
from app.errors import FieldError, FieldErrorCode, InvalidInput, NotFound, shown
from app.models import ActionRun, RunOutcome, is_record_id
from app.rate_limit import Caller, RateLimiter
from integrations.actions import ACTION_ID_MAX_LENGTH, Action, ActionInput, ActionResult
from integrations.base import together
from integrations.config import secret_names
from integrations.errors import ErrorCode, IntegrationError
from integrations.hub import Target, unexpected
from integrations.registry import registry
from integrations.types import IntegrationData

logger = logging.getLogger(__name__)

CLIENT_KEY_MAX_LENGTH = 100
MAX_LOG_PAGE = 100
PRUNE_EVERY = 3600.0
"""Seconds between two deletions of runs older than the retention."""
REPLAY_WAIT_STEP = 0.1
MASK = "***"


@dataclass(frozen=True, slots=True)
class Actor:
    """Who runs an action, as far as permission, the record and the rate limit go."""

    role: Role | None
    subject: str | None
    via: Via
    address: str | None

    def caller(self) -> Caller:
        subject = f"{self.role.value}:{self.subject}" if self.role and self.subject else None
        return Caller(subject, self.address)

    def identity(self) -> str:
        """Whose client keys these are: the same key from another caller is another run."""
        return f"{self.via.value}:{self.subject or ''}"


@dataclass(frozen=True, slots=True)
class ActionReport:
    """What came of ``runAction``: the result, or the taxonomy error; how long it took; the
    data of the endpoints it affects, fetched again after success."""

    action_id: str
    latency_ms: float
    result: ActionResult | None = None
    error: IntegrationError | None = None
    data: list[tuple[DataKey, IntegrationData]] = field(default_factory=list)
    replayed: bool = False
    """Answered from the record of an earlier run with the same client key: not run again."""
    retry_after: int | None = None
    run_id: str | None = None


@dataclass(frozen=True, slots=True)
class LogPage:
    runs: list[ActionRun]
    end_cursor: str | None
    has_next_page: bool


def _masked_input(value: ActionInput) -> dict[str, Any]:
    """The input as recorded: JSON, every secret field masked."""
    data: dict[str, Any] = value.model_dump(mode="json", by_alias=True)
    for name in secret_names(type(value)):
        alias = type(value).model_fields[name].alias or name
        if alias in data and data[alias] is not None:
            data[alias] = MASK
    return data


def _cursor(run: ActionRun) -> str:
    raw = f"{run.created_at.isoformat()}|{run.id}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _after(cursor: str) -> tuple[datetime, str]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        when, _, run_id = raw.partition("|")
        parsed = datetime.fromisoformat(when)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise InvalidInput.one(
            None, FieldErrorCode.INVALID_VALUE, "not a cursor of actionLog's", "after"
        ) from None
    if not is_record_id(run_id):
        raise InvalidInput.one(
            None, FieldErrorCode.INVALID_VALUE, "not a cursor of actionLog's", "after"
        )
    return parsed, run_id


class ActionService:
    def __init__(
        self,
        live: LiveDataService,
        *,
        limit: RateLimiter | None = None,
        retention_days: int = 90,
        clock: Any = time.time,
    ) -> None:
        self.live = live
        self.limit = limit
        """Actions per caller (None: unlimited)."""
        self.retention = timedelta(days=retention_days)
        self.clock = clock
        self._pruned_at: float | None = None

    # --- running ---------------------------------------------------------------------------

    async def run(
        self,
        app_id: str,
        action_id: str,
        input: object,
        *,
        confirm: bool,
        client_key: str | None,
        actor: Actor,
    ) -> ActionReport:
        """Run the App's action once (see the module's docstring). Raises InvalidInput with
        every problem of the request, before anything is sent or recorded."""
        app = await self.live.apps.require(app_id, None, "appId")
        errors: list[FieldError] = []
        if client_key is not None and not (
            0 < len(client_key) <= CLIENT_KEY_MAX_LENGTH and client_key.isprintable()
        ):
            errors.append(
                FieldError(
                    None,
                    FieldErrorCode.INVALID_VALUE,
                    f"a client key is 1 to {CLIENT_KEY_MAX_LENGTH} printable characters",
                    "clientKey",
                )
            )
        integration = registry.for_app(app.integration_type)
        if integration is None:
            raise InvalidInput(
                [
                    FieldError(
                        None,
                        FieldErrorCode.APP_HAS_NO_INTEGRATION,
                        f"App {app.name!r} has no integration, so no actions",
                        "appId",
                    ),
                    *errors,
                ]
            )
        spec = (
            integration.actions.get(action_id) if len(action_id) <= ACTION_ID_MAX_LENGTH else None
        )
        if spec is None:
            known = ", ".join(integration.actions) or "none"
            errors.append(
                FieldError(
                    None,
                    FieldErrorCode.UNKNOWN_ACTION,
                    f"{integration.name} has no action {shown(action_id)}; its actions: {known}",
                    "actionId",
                )
            )
            raise InvalidInput(errors)
        if spec.id not in allowed_actions(app, integration):
            hint = (
                "it is destructive: an admin must list it in the App's allowedActions"
                if spec.destructive and app.allowed_actions is None
                else "an admin must add it to the App's allowedActions"
            )
            errors.append(
                FieldError(
                    None,
                    FieldErrorCode.ACTION_NOT_ALLOWED,
                    f"App {app.name!r} does not allow {spec.id!r}: {hint}",
                    "actionId",
                )
            )
        if spec.destructive and not confirm:
            errors.append(
                FieldError(
                    None,
                    FieldErrorCode.CONFIRMATION_REQUIRED,
                    f"{spec.label!r} is destructive: send confirm: true to run it",
                    "confirm",
                )
            )
        value = self._input(spec, input, errors)
        if errors or value is None:
            raise InvalidInput(errors)
        key = self._key(actor, client_key)
        if key is not None:
            earlier = await ActionRun.get_or_none(client_key=key)
            if earlier is not None:
                return await self._replay(earlier, app_id, spec, client_key or "")
        limited = self._over_limit(spec, actor)
        if limited is not None:
            return limited
        run = ActionRun(
            app_id=app.id,
            app_name=app.name,
            integration_type=integration.id,
            action_id=spec.id,
            actor=actor.subject,
            actor_via=actor.via.value,
            role=actor.role.value if actor.role is not None else None,
            input=_masked_input(value),
            client_key=key,
            outcome=RunOutcome.RUNNING,
        )
        try:
            await run.save()
        except IntegrityError:
            # The same key arrived meanwhile (another request, maybe another process).
            earlier = await ActionRun.get_or_none(client_key=key)
            if earlier is None:
                raise
            return await self._replay(earlier, app_id, spec, client_key or "")
        await self.prune()
        target = self.live.lookup(app, app_id).found
        started = time.perf_counter()
        result: ActionResult | None = None
        error: IntegrationError | None = None
        if isinstance(target, IntegrationError):
            error = target
        else:
            try:
                client = self.live.hub.client(target)
                result = await integration.run_action(client, spec.id, value)
            except IntegrationError as err:
                error = err
            except Exception as err:
                error = unexpected(err, f"running {integration.id} action {spec.id}")
        latency = (time.perf_counter() - started) * 1000
        await self._record(run, result, error, latency)
        data: list[tuple[DataKey, IntegrationData]] = []
        if result is not None and isinstance(target, Target):
            data = await self._refetched(target, spec.affects)
        return ActionReport(spec.id, latency, result, error, data, run_id=run.id)

    def _over_limit(self, spec: Action, actor: Actor) -> ActionReport | None:
        """The RATE_LIMITED report when ``actor`` is over the action rate limit, else None
        (one action counted)."""
        if self.limit is None:
            return None
        refused = self.limit.take(actor.caller().keys())
        if refused is None:
            return None
        error, wait = rate_limited_error(self.limit, refused, actor.caller(), "actions")
        return ActionReport(spec.id, 0.0, error=error, retry_after=wait)

    def _input(self, spec: Action, input: object, errors: list[FieldError]) -> ActionInput | None:
        if input is None:
            input = {}
        if not isinstance(input, Mapping):
            errors.append(
                FieldError(None, FieldErrorCode.WRONG_TYPE, "input must be a JSON object", "input")
            )
            return None
        try:
            return spec.input.model_validate(input)
        except ValidationError as err:
            errors.extend(_pydantic_errors(err, "input"))
            return None

    @staticmethod
    def _key(actor: Actor, client_key: str | None) -> str | None:
        if client_key is None:
            return None
        return hashlib.sha256(f"{actor.identity()}\x00{client_key}".encode()).hexdigest()

    async def _replay(
        self, earlier: ActionRun, app_id: str, spec: Action, client_key: str
    ) -> ActionReport:
        """The outcome of the run ``earlier`` recorded for this client key (waited for while it
        is still running, within the App's timeout), never a second run."""
        if earlier.app_id != app_id or earlier.action_id != spec.id:
            raise InvalidInput.one(
                None,
                FieldErrorCode.CLIENT_KEY_REUSED,
                f"client key {shown(client_key)} was used for {earlier.action_id!r} of App "
                f"{earlier.app_name!r} already: use a new key for another action",
                "clientKey",
            )
        target = await self.live.resolve(app_id)
        timeout = target.config.timeout if isinstance(target, Target) else 10.0
        deadline = time.monotonic() + timeout * 2 + 2
        while earlier.outcome is RunOutcome.RUNNING and time.monotonic() < deadline:
            await asyncio.sleep(REPLAY_WAIT_STEP)
            await earlier.refresh_from_db()
        latency = earlier.latency_ms or 0.0
        if earlier.outcome is RunOutcome.RUNNING:
            error = IntegrationError(
                ErrorCode.TIMEOUT,
                "an earlier run with this client key has not finished; it is not run again",
            )
            return ActionReport(spec.id, latency, error=error, replayed=True, run_id=earlier.id)
        if earlier.outcome is RunOutcome.FAILED:
            code = ErrorCode(earlier.error_code) if earlier.error_code else ErrorCode.UNKNOWN
            error = IntegrationError(code, earlier.message)
            return ActionReport(spec.id, latency, error=error, replayed=True, run_id=earlier.id)
        result = ActionResult(message=earlier.message, affected=earlier.affected)
        data: list[tuple[DataKey, IntegrationData]] = []
        if isinstance(target, Target):
            values = await together(*(self.live.hub.get(target, e) for e in spec.affects))
            data = [((app_id, e), v) for e, v in zip(spec.affects, values, strict=True)]
        return ActionReport(spec.id, latency, result, None, data, True, run_id=earlier.id)

    async def _record(
        self,
        run: ActionRun,
        result: ActionResult | None,
        error: IntegrationError | None,
        latency: float,
    ) -> None:
        run.latency_ms = round(latency, 1)
        if error is None and result is not None:
            run.outcome, run.message, run.affected = (
                RunOutcome.SUCCEEDED,
                result.message,
                result.affected,
            )
        else:
            assert error is not None
            run.outcome, run.error_code, run.message = (
                RunOutcome.FAILED,
                error.code.value,
                error.message,
            )
        await run.save(update_fields=["outcome", "error_code", "message", "affected", "latency_ms"])
        logger.info(
            "action %s of App %s (%s) by %s: %s in %.0f ms",
            run.action_id,
            run.app_id,
            run.integration_type,
            f"{run.actor_via}:{run.actor}" if run.actor else run.actor_via,
            "succeeded" if error is None else f"failed ({error.code.value})",
            latency,
        )

    async def _refetched(
        self, target: Target, affects: Sequence[str]
    ) -> list[tuple[DataKey, IntegrationData]]:
        if not affects:
            return []
        values = await together(*(self.live.hub.refetch(target, e) for e in affects))
        return [((target.app_id, e), v) for e, v in zip(affects, values, strict=True)]

    async def prune(self) -> None:
        """Delete runs older than the retention, at most once every PRUNE_EVERY seconds."""
        now = self.clock()
        if self._pruned_at is not None and now - self._pruned_at < PRUNE_EVERY:
            return
        self._pruned_at = now
        cutoff = datetime.fromtimestamp(now, UTC) - self.retention
        deleted = await ActionRun.filter(created_at__lt=cutoff).delete()
        if deleted:
            logger.info("deleted %d action runs older than %s days", deleted, self.retention.days)

    # --- the log ---------------------------------------------------------------------------

    async def log(self, app_id: str | None, first: int, after: str | None) -> LogPage:
        """Runs newest first (of one App, or of all), ``first`` at a time after ``after``."""
        if not 1 <= first <= MAX_LOG_PAGE:
            raise InvalidInput.one(
                None,
                FieldErrorCode.OUT_OF_RANGE,
                f"first must be 1 to {MAX_LOG_PAGE}",
                "first",
            )
        query = ActionRun.all()
        if app_id is not None:
            if not is_record_id(app_id):
                raise NotFound(None, "App", app_id, "appId")
            query = query.filter(app_id=app_id)
        if after is not None:
            when, run_id = _after(after)
            query = query.filter(Q(created_at__lt=when) | Q(created_at=when, id__lt=run_id))
        runs = await query.order_by("-created_at", "-id").limit(first + 1)
        more = len(runs) > first
        runs = runs[:first]
        return LogPage(runs, _cursor(runs[-1]) if runs else None, more)
