"""Errors the service layer raises for expected failures."""

from __future__ import annotations

from dataclasses import dataclass

SHOWN_MAX_CHARS = 40


def shown(value: str) -> str:
    """``value`` quoted for a message, cut short: an error never echoes kilobytes back."""
    if len(value) <= SHOWN_MAX_CHARS:
        return repr(value)
    return repr(value[:SHOWN_MAX_CHARS]) + f"... ({len(value)} characters)"


@dataclass(frozen=True, slots=True)
class FieldError:
    """One problem with one input field; ``field`` is its path as the API spells it."""

    field: str
    code: str
    message: str


class InvalidInput(Exception):
    """The input is wrong; nothing was written."""

    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__("; ".join(f"{e.field}: {e.message}" for e in errors))
        self.errors = errors

    @classmethod
    def one(cls, field: str, code: str, message: str) -> InvalidInput:
        return cls([FieldError(field, code, message)])


class NotFound(InvalidInput):
    """The referenced record does not exist."""

    def __init__(self, field: str, what: str, record_id: str) -> None:
        super().__init__([FieldError(field, "not_found", f"no {what} with id {shown(record_id)}")])
