"""LiveDataService: an App endpoint's live data, resolved from storage and served by the hub."""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from app.apps import AppService, StoredConfigInvalid
from app.crypto import DecryptionError
from app.errors import INPUT, FieldError, FieldErrorCode, InvalidInput, shown
from app.models import App, is_record_id
from app.rate_limit import Caller, RateLimiter, Refused, seconds_to_wait
from integrations.errors import ErrorCode, IntegrationError
from integrations.hub import DataHub, Target
from integrations.types import IntegrationData, ServiceInfo

logger = logging.getLogger(__name__)

DataKey = tuple[str, str]
"""(app id, endpoint id)"""

ENDPOINT_ID_MAX_LENGTH = 64


@dataclass(frozen=True, slots=True)
class Lookup:
    """An App's Target, or why there is none (a DataLoader would raise a bare exception)."""

    found: Target | IntegrationError


@dataclass(frozen=True, slots=True)
class TestOutcome:
    """A connection test's result: what was found, or the taxonomy error; and how long it took."""

    latency_ms: float
    info: ServiceInfo | None = None
    error: IntegrationError | None = None
    retry_after: int | None = None
    """Seconds until this caller may test again, when the test rate limit refused this one."""


class LiveDataService:
    def __init__(
        self, apps: AppService, hub: DataHub, test_limit: RateLimiter | None = None
    ) -> None:
        self.apps = apps
        self.hub = hub
        self.test_limit = test_limit
        """Connection tests per caller (None: unlimited): each one probes an address and port."""

    def _target(self, app: App | None, app_id: str) -> Target | IntegrationError:
        if app is None:
            return _no_app(app_id)
        if app.integration_type is None:
            return IntegrationError(
                ErrorCode.APP_HAS_NO_INTEGRATION, f"App {app.name!r} has no integration"
            )
        if not app.integration_enabled:
            return IntegrationError(
                ErrorCode.INTEGRATION_DISABLED, f"the integration of App {app.name!r} is disabled"
            )
        try:
            target = self.apps.target(app)
        except (DecryptionError, StoredConfigInvalid) as err:
            return IntegrationError(ErrorCode.INVALID_CONFIG, str(err))
        if target is None:
            return IntegrationError(ErrorCode.INVALID_CONFIG, f"App {app.name!r} has no config")
        return target

    async def resolve(self, app_id: str) -> Target | IntegrationError:
        return self._target(await self.apps.get(app_id), app_id)

    def lookup(self, app: App | None, app_id: str) -> Lookup:
        """The Target of ``app`` (looked up by ``app_id``), or why there is none."""
        return Lookup(self._target(app, app_id))

    async def targets(self, app_ids: Sequence[str]) -> list[Lookup]:
        """The Targets of many Apps, in one database query."""
        apps = await self.apps.many(app_ids)
        return [self.lookup(app, app_id) for app, app_id in zip(apps, app_ids, strict=True)]

    async def warm(self, keys: Sequence[DataKey]) -> dict[str, Lookup]:
        """Start fetching ``keys`` now, without waiting for the values (a request that asks
        for them later joins the fetches in flight); returns the App lookups it made."""
        app_ids = list(dict.fromkeys(app_id for app_id, _ in keys))
        lookups = dict(zip(app_ids, await self.targets(app_ids), strict=True))
        wanted = []
        for app_id, endpoint_id in keys:
            target = lookups[app_id].found
            if not isinstance(target, IntegrationError):
                wanted.append((target, endpoint_id))
        await self.hub.begin(wanted)
        return lookups

    async def fetch(
        self, target: Target | IntegrationError, endpoint_id: str, *, force: bool = False
    ) -> IntegrationData:
        if isinstance(target, IntegrationError):
            return IntegrationData(None, None, None, error=target)
        if len(endpoint_id) > ENDPOINT_ID_MAX_LENGTH:
            return IntegrationData(None, None, None, error=_no_endpoint(endpoint_id))
        return await self.hub.get(target, endpoint_id, force=force)

    async def get(self, app_id: str, endpoint_id: str, *, force: bool = False) -> IntegrationData:
        return await self.fetch(await self.resolve(app_id), endpoint_id, force=force)

    def subscribe(
        self, app_id: str, endpoint_id: str, interval: float | None = None
    ) -> AsyncIterator[IntegrationData]:
        """The hub's stream, polled every ``interval`` seconds at the most (clamped to the
        endpoint's bounds; None: its TTL); for an id no App can have, or an endpoint id no
        integration can have, the one error and the end (no poller, no key of a client's
        making). A non-positive ``interval`` is InvalidInput."""
        if interval is not None and interval <= 0:
            raise InvalidInput.one(
                None,
                FieldErrorCode.OUT_OF_RANGE,
                "refreshInterval must be a positive number of seconds (longer or shorter "
                "than the endpoint allows, it is clamped)",
                "refreshInterval",
            )
        if not is_record_id(app_id):
            return _once(IntegrationData(None, None, None, error=_no_app(app_id)))
        if len(endpoint_id) > ENDPOINT_ID_MAX_LENGTH:
            return _once(IntegrationData(None, None, None, error=_no_endpoint(endpoint_id)))
        return self.hub.subscribe(
            app_id, endpoint_id, lambda: self.resolve(app_id), interval=interval
        )

    async def test(
        self,
        integration_type: str,
        config: Mapping[str, Any],
        app_id: str | None = None,
        caller: Caller | None = None,
    ) -> TestOutcome:
        """Test a config before (or after) saving it; with ``app_id`` the App's stored secrets
        fill in the ones ``config`` omits. Raises InvalidInput for a config that is not valid
        (with every problem: an unknown ``app_id`` and the config's own). A valid config counts
        against ``caller``'s test rate limit; over it, the outcome is RATE_LIMITED, with when to
        retry, and nothing is contacted."""
        integration = self.apps.integration(integration_type)
        errors: list[FieldError] = []
        stored = unreadable = None
        if app_id is not None:
            try:
                app = await self.apps.require(app_id, "appId", INPUT)
            except InvalidInput as err:
                errors += err.errors
            else:
                if app.integration_type == integration.id:
                    stored, unreadable = self.apps.readable_config(app)
        try:
            valid = self.apps.validate_config(
                integration, config, stored, "config", unreadable=unreadable, app_id=app_id
            )
        except InvalidInput as err:
            errors += err.errors
        if errors:
            raise InvalidInput(errors)
        caller = caller or Caller(None, None)
        if self.test_limit is not None:
            refused = self.test_limit.take(caller.keys())
            if refused is not None:
                return _rate_limited(self.test_limit, refused, caller)
        started = time.perf_counter()
        try:
            info = await self.hub.test(integration, valid)
        except IntegrationError as err:
            return TestOutcome((time.perf_counter() - started) * 1000, error=err)
        return TestOutcome((time.perf_counter() - started) * 1000, info=info)


def _no_app(app_id: str) -> IntegrationError:
    return IntegrationError(ErrorCode.APP_NOT_FOUND, f"no App with id {shown(app_id)}")


def _no_endpoint(endpoint_id: str) -> IntegrationError:
    return IntegrationError(ErrorCode.ENDPOINT_NOT_FOUND, f"no endpoint {shown(endpoint_id)}")


async def _once(data: IntegrationData) -> AsyncIterator[IntegrationData]:
    yield data


def rate_limited_error(
    limit: RateLimiter, refused: Refused, caller: Caller, what: str
) -> tuple[IntegrationError, int]:
    """The RATE_LIMITED error for a refused call of ``what`` (plural: "connection tests"),
    and the seconds to wait; the first refusal of a caller is logged."""
    wait = seconds_to_wait(refused.retry_after)
    if refused.first:
        logger.warning(
            "%s rate limited for %s (%d a minute)",
            what,
            ", ".join(caller.keys()),
            limit.per_minute,
        )
    error = IntegrationError(
        ErrorCode.RATE_LIMITED,
        f"too many {what}: Tilewire allows {limit.per_minute} a minute; try again in {wait} s",
    )
    return error, wait


def _rate_limited(limit: RateLimiter, refused: Refused, caller: Caller) -> TestOutcome:
    error, wait = rate_limited_error(limit, refused, caller, "connection tests")
    return TestOutcome(0.0, error=error, retry_after=wait)
