"""Errors the service layer raises for expected failures, and the codes of field errors."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

SHOWN_MAX_CHARS = 40


def shown(value: str) -> str:
    """``value`` quoted for a message, cut short: an error never echoes kilobytes back."""
    if len(value) <= SHOWN_MAX_CHARS:
        return repr(value)
    return repr(value[:SHOWN_MAX_CHARS]) + f"... ({len(value)} characters)"


class FieldErrorCode(StrEnum):
    """Why one input field was refused: a fixed set a client can switch on (the message has
    the detail, e.g. the limit that was crossed)."""

    MISSING = "MISSING"
    UNKNOWN_FIELD = "UNKNOWN_FIELD"
    WRONG_TYPE = "WRONG_TYPE"
    TOO_SHORT = "TOO_SHORT"
    TOO_LONG = "TOO_LONG"
    OUT_OF_RANGE = "OUT_OF_RANGE"
    PATTERN_MISMATCH = "PATTERN_MISMATCH"
    INVALID_CHOICE = "INVALID_CHOICE"
    INVALID_URL = "INVALID_URL"
    URL_SCHEME = "URL_SCHEME"
    INVALID_VALUE = "INVALID_VALUE"
    INVALID_CHARACTERS = "INVALID_CHARACTERS"
    ADDRESS_NOT_ALLOWED = "ADDRESS_NOT_ALLOWED"
    SECRET_REENTRY_REQUIRED = "SECRET_REENTRY_REQUIRED"
    NOT_FOUND = "NOT_FOUND"
    UNKNOWN_INTEGRATION = "UNKNOWN_INTEGRATION"
    UNKNOWN_ENDPOINT = "UNKNOWN_ENDPOINT"
    APP_HAS_NO_INTEGRATION = "APP_HAS_NO_INTEGRATION"
    BELOW_MIN_REFRESH = "BELOW_MIN_REFRESH"
    TAKEN = "TAKEN"
    TOO_MANY = "TOO_MANY"
    UNKNOWN_ACTION = "UNKNOWN_ACTION"
    ACTION_NOT_ALLOWED = "ACTION_NOT_ALLOWED"
    CONFIRMATION_REQUIRED = "CONFIRMATION_REQUIRED"
    CLIENT_KEY_REUSED = "CLIENT_KEY_REUSED"

    @classmethod
    def of(cls, pydantic_type: str) -> FieldErrorCode:
        """The code of a pydantic error type (or of one of Tilewire's own, such as
        ``address_not_allowed``); INVALID_VALUE for any other."""
        known = _PYDANTIC.get(pydantic_type)
        if known is not None:
            return known
        if pydantic_type.endswith(("_type", "_parsing")):
            return cls.WRONG_TYPE
        return cls.INVALID_VALUE


FIELD_ERROR_CODES: dict[FieldErrorCode, str] = {
    FieldErrorCode.MISSING: "A required field is absent (or null).",
    FieldErrorCode.UNKNOWN_FIELD: "The form has no such field (a misspelt name?).",
    FieldErrorCode.WRONG_TYPE: "A value of the wrong JSON type: a string where a number goes, "
    "an object where a string goes, ...",
    FieldErrorCode.TOO_SHORT: "Shorter than the field's minimum length (e.g. empty).",
    FieldErrorCode.TOO_LONG: "Longer than the field's maximum length.",
    FieldErrorCode.OUT_OF_RANGE: "A number beyond the field's minimum or maximum.",
    FieldErrorCode.PATTERN_MISMATCH: "Does not match the field's pattern.",
    FieldErrorCode.INVALID_CHOICE: "Not one of the field's options (a select field, "
    "credentials.type).",
    FieldErrorCode.INVALID_URL: "Not a URL.",
    FieldErrorCode.URL_SCHEME: "A URL whose scheme is not allowed (only http and https).",
    FieldErrorCode.INVALID_VALUE: "Refused by a rule of the field's own; the message says which "
    "(a URL with credentials or a query string, a fingerprint that is not 64 hex digits, a "
    "PEM that is not a certificate, ...).",
    FieldErrorCode.INVALID_CHARACTERS: "Contains characters the field does not allow (control "
    "characters).",
    FieldErrorCode.ADDRESS_NOT_ALLOWED: "The URL leads to an address Tilewire's address policy "
    "refuses (link-local, cloud metadata); the message names the setting that allows it.",
    FieldErrorCode.SECRET_REENTRY_REQUIRED: "A stored secret cannot be reused (the URL names "
    "another origin, or the stored config cannot be decrypted): send it again.",
    FieldErrorCode.NOT_FOUND: "No record with this id (an App, a Widget, an API key).",
    FieldErrorCode.UNKNOWN_INTEGRATION: "No integration of this type (see Query.integrations).",
    FieldErrorCode.UNKNOWN_ENDPOINT: "The App's integration has no endpoint with this id.",
    FieldErrorCode.APP_HAS_NO_INTEGRATION: "The App has no integration, so no live data.",
    FieldErrorCode.BELOW_MIN_REFRESH: "A refresh interval shorter than the endpoint's minRefresh.",
    FieldErrorCode.TAKEN: "The name is in use already.",
    FieldErrorCode.TOO_MANY: "The limit on how many there may be is reached.",
    FieldErrorCode.UNKNOWN_ACTION: "The App's integration has no action with this id (see "
    "Integration.actions).",
    FieldErrorCode.ACTION_NOT_ALLOWED: "The App does not allow this action: an admin lists the "
    "actions an App allows (App.allowedActions; by default every action that is not "
    "destructive).",
    FieldErrorCode.CONFIRMATION_REQUIRED: "A destructive action (stop, shut down, cancel, "
    "delete) runs only with confirm: true.",
    FieldErrorCode.CLIENT_KEY_REUSED: "The client key was used already for another App or "
    "action: a client key names one action run.",
}
"""What each code means, for the API's documentation."""

_PYDANTIC: dict[str, FieldErrorCode] = {
    "missing": FieldErrorCode.MISSING,
    "extra_forbidden": FieldErrorCode.UNKNOWN_FIELD,
    "string_too_short": FieldErrorCode.TOO_SHORT,
    "too_short": FieldErrorCode.TOO_SHORT,
    "string_too_long": FieldErrorCode.TOO_LONG,
    "too_long": FieldErrorCode.TOO_LONG,
    "url_too_long": FieldErrorCode.TOO_LONG,
    "greater_than": FieldErrorCode.OUT_OF_RANGE,
    "greater_than_equal": FieldErrorCode.OUT_OF_RANGE,
    "less_than": FieldErrorCode.OUT_OF_RANGE,
    "less_than_equal": FieldErrorCode.OUT_OF_RANGE,
    "multiple_of": FieldErrorCode.OUT_OF_RANGE,
    "finite_number": FieldErrorCode.OUT_OF_RANGE,
    "string_pattern_mismatch": FieldErrorCode.PATTERN_MISMATCH,
    "literal_error": FieldErrorCode.INVALID_CHOICE,
    "enum": FieldErrorCode.INVALID_CHOICE,
    "union_tag_invalid": FieldErrorCode.INVALID_CHOICE,
    "union_tag_not_found": FieldErrorCode.INVALID_CHOICE,
    "invalid_credentials_type": FieldErrorCode.INVALID_CHOICE,
    "url_parsing": FieldErrorCode.INVALID_URL,
    "url_syntax_violation": FieldErrorCode.INVALID_URL,
    "url_scheme": FieldErrorCode.URL_SCHEME,
    "value_error": FieldErrorCode.INVALID_VALUE,
    "assertion_error": FieldErrorCode.INVALID_VALUE,
    "address_not_allowed": FieldErrorCode.ADDRESS_NOT_ALLOWED,
    "secret_reentry_required": FieldErrorCode.SECRET_REENTRY_REQUIRED,
}

INPUT = "input"
"""The ``argument`` of a field directly on a mutation's ``input``."""


@dataclass(frozen=True, slots=True)
class FieldError:
    """One problem with one input field.

    ``argument`` is the input the field belongs to, as the API spells it: ``input`` (a field
    of the mutation's input: ``name``, ``integrationType``), a config form inside it
    (``integrationConfig``, ``config``), or a plain argument (``id``, ``name``). ``field`` is the
    path inside it, as the form names it (``url``, ``credentials.password``), None when the
    argument as a whole is at fault."""

    field: str | None
    code: FieldErrorCode
    message: str
    argument: str = INPUT


class InvalidInput(Exception):
    """The input is wrong; nothing was written. Carries every problem found, not the first."""

    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__("; ".join(f"{e.argument}.{e.field}: {e.message}" for e in errors))
        self.errors = errors

    @classmethod
    def one(
        cls, field: str | None, code: FieldErrorCode, message: str, argument: str = INPUT
    ) -> InvalidInput:
        return cls([FieldError(field, code, message, argument)])


class NotFound(InvalidInput):
    """The referenced record does not exist."""

    def __init__(self, field: str | None, what: str, record_id: str, argument: str = INPUT) -> None:
        message = f"no {what} with id {shown(record_id)}"
        super().__init__([FieldError(field, FieldErrorCode.NOT_FOUND, message, argument)])
