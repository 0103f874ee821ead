"""Actions: what an integration can do to its service (pause downloads, disable DNS blocking for
a while, turn a light on), declared beside its endpoints.

An action is an integration method marked with ``@action``. It takes the App's client and its
validated input (an ``ActionInput`` model, rendered as a form and a JSON Schema like App
config), changes the service's state, and returns an ``ActionResult``; it raises
``IntegrationError`` (the same taxonomy as endpoints) when the service refuses or fails, and
``PartiallyApplied`` when some of it happened and some did not, saying which.

An action is sent once: nothing here retries it (a login renewed on session expiry resends the
request the service refused, which it did not apply). While it runs, its client reaches only the
App's own origin (``origin_only``).
"""

from __future__ import annotations

import contextvars
import functools
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict

from integrations.config import ConfigModel, FormField, field
from integrations.config_schema import fresh, input_form, input_json_schema
from integrations.errors import ErrorCode, IntegrationError

ACTION_ID_MAX_LENGTH = 64
ITEM_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$"
"""An item id an action puts in a path or form (a torrent hash, a VM id, an entity id): no
slash, no scheme, nothing that could leave the App's API."""


class ActionInput(ConfigModel):
    """Base of an action's input: camelCase fields, unknown fields refused, strict JSON types,
    like App config (``integrations.config.field`` gives a field its form label and help)."""


class NoInput(ActionInput):
    """An action that takes no input."""


class ItemInput(ActionInput):
    """One item of the service's, by its id as the service's data shows it."""

    id: str = field(
        "Item",
        help="The item's id, as the endpoint's data shows it.",
        min_length=1,
        max_length=128,
        pattern=ITEM_ID_PATTERN,
    )


class DurationInput(ActionInput):
    """For how long: a number of seconds (five minutes unless given)."""

    seconds: int = field(
        "Seconds",
        default=300,
        help="How long, in seconds (at most a day).",
        ge=1,
        le=86_400,
    )

    def in_words(self) -> str:
        """The duration as a dashboard says it: "5 minutes", "90 seconds", "2 hours"."""
        for unit, size in (("hour", 3600), ("minute", 60)):
            if self.seconds % size == 0:
                count = self.seconds // size
                return f"{count} {unit}{'s' if count != 1 else ''}"
        return f"{self.seconds} second{'s' if self.seconds != 1 else ''}"


class ActionResult(BaseModel):
    """What a successful action did, in words a dashboard can show."""

    model_config = ConfigDict(frozen=True)

    message: str
    affected: int | None = None
    """How many items it changed, where the service says so."""


class PartiallyApplied(IntegrationError):
    """Some of an action happened and some did not; the message says which."""

    def __init__(self, message: str, *, status: int | None = None, url: object = None) -> None:
        super().__init__(ErrorCode.PARTIALLY_APPLIED, message, status=status, url=url)


ActionFn = Callable[[Any, Any, Any], Awaitable[ActionResult]]
F = TypeVar("F", bound=Callable[..., Awaitable[ActionResult]])


@dataclass(frozen=True, slots=True)
class Action:
    """One thing an integration can do to its service."""

    id: str
    label: str
    description: str
    input: type[ActionInput]
    affects: tuple[str, ...]
    """The endpoints whose data the action changes: fetched again once it succeeds."""
    destructive: bool
    """Stops, deletes or shuts down something: needs ``confirm``, and an App allows it only
    when an admin says so."""
    method: str

    def json_schema(self) -> dict[str, Any]:
        """The input's JSON Schema (2020-12), as a form validates it before sending."""
        return fresh(_input_schema(self.input))

    def form(self) -> list[FormField]:
        """The input form, field by field."""
        return input_form(self.input, _input_schema(self.input))


@functools.cache
def _input_schema(model: type[ActionInput]) -> dict[str, Any]:
    return input_json_schema(model)


def action(
    id: str,
    *,
    label: str,
    description: str,
    input: type[ActionInput] = NoInput,
    affects: tuple[str, ...] = (),
    destructive: bool = False,
) -> Callable[[F], F]:
    """Declare an integration method ``(self, client, input) -> ActionResult`` as an action."""
    if not (0 < len(id) <= ACTION_ID_MAX_LENGTH):
        raise ValueError(f"action id {id!r} must be 1 to {ACTION_ID_MAX_LENGTH} characters")

    def mark(fn: F) -> F:
        fn.__tilewire_action__ = {  # type: ignore[attr-defined]
            "id": id,
            "label": label,
            "description": description,
            "input": input,
            "affects": tuple(affects),
            "destructive": destructive,
        }
        return fn

    return mark


def collect(cls: type, endpoints: set[str]) -> dict[str, Action]:
    """The actions ``cls`` and its bases declare (a subclass may override one by id); each
    must affect only endpoints ``cls`` has."""
    found: dict[str, Action] = {}
    for klass in reversed(cls.__mro__):
        own: set[str] = set()
        for attr, value in vars(klass).items():
            spec = getattr(value, "__tilewire_action__", None)
            if spec is None:
                continue
            if spec["id"] in own:
                raise TypeError(f"{klass.__name__}: duplicate action id {spec['id']!r}")
            own.add(spec["id"])
            found[spec["id"]] = Action(method=attr, **spec)
    for spec in found.values():
        unknown = [e for e in spec.affects if e not in endpoints]
        if unknown:
            raise TypeError(f"{cls.__name__}: action {spec.id!r} affects unknown {unknown}")
        if not (isinstance(spec.input, type) and issubclass(spec.input, ActionInput)):
            raise TypeError(f"{cls.__name__}: action {spec.id!r} input is not an ActionInput")
    return found


_ORIGIN_ONLY: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "tilewire_origin_only", default=False
)


def reaching_origin_only() -> bool:
    """Whether the running code is an action, whose requests may reach the App's origin only."""
    return _ORIGIN_ONLY.get()


@contextmanager
def origin_only() -> Iterator[None]:
    """While inside, a client sends nothing outside its App's origin."""
    token = _ORIGIN_ONLY.set(True)
    try:
        yield
    finally:
        _ORIGIN_ONLY.reset(token)
