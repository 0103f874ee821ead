"""Requesting the configured URL, and reading values out of its JSON answer: selectors
(jsonpath-ng), transforms and formats (pure functions of the value and a given ``now``)."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import httpx
import msgspec

from integrations.base import ServiceClient
from integrations.config import BearerToken, ServiceConfig
from integrations.customapi.definition import (
    BODY_METHODS,
    CustomApiKeyHeader,
    CustomApiListMode,
    CustomApiMapping,
    CustomApiRow,
    CustomApiRows,
    CustomApiSettings,
    CustomApiValue,
    compile_selector,
)
from integrations.customapi.models import Answer
from integrations.errors import ErrorCode, IntegrationError

MAX_DEPTH = 64
"""Deepest nesting of arrays and objects read from an answer."""
MAX_MATCHES = 50
"""Most values one selector yields (a wildcard over a long list reads the first ones)."""
MAX_VALUE_CHARS = 200
"""Longest formatted value (and raw text) in a payload; longer ones end with an ellipsis."""
MAX_NAME_CHARS = 200


class CustomApiClient(ServiceClient):
    """Requests exactly the configured URL with its method, body, headers and credentials."""

    basic_auth = True

    def __init__(self, config: ServiceConfig, **kwargs: Any) -> None:
        super().__init__(config, **kwargs)
        settings = config.extra
        assert isinstance(settings, CustomApiSettings)
        self.settings = settings

    def default_headers(self) -> dict[str, str]:
        headers = self.settings.headers()
        token = self.credentials_as(BearerToken)
        if token is not None:
            headers["Authorization"] = f"Bearer {token.token.get_secret_value()}"
        key = self.credentials_as(CustomApiKeyHeader)
        if key is not None:
            headers[key.header_name] = key.api_key.get_secret_value()
        return headers

    def _url(self, path: str, params: Any) -> httpx.URL:
        if path == "" and not params:
            return httpx.URL(str(self.config.url))  # exactly as configured, query included
        return super()._url(path, params)

    def unauthorized_hint(self, response: httpx.Response) -> str:
        return "the API refused the credentials: check the credentials and header values"

    def forbidden_hint(self, response: httpx.Response) -> str:
        return "the API refused access to this URL with these credentials"

    async def failure(self, response: httpx.Response) -> IntegrationError:
        error = await super().failure(response)
        if error.code in (ErrorCode.UNAUTHORIZED, ErrorCode.FORBIDDEN):
            return error
        # A generic API explains itself in its body; quoted bounded, with every secret of the
        # config (header values, token, password, API key) masked should the API echo one.
        detail = self.detail(response.text)
        if not detail:
            return error
        return IntegrationError(
            error.code, f"{error.message}: {detail}", status=error.status, url=response.url
        )

    async def fetch(self) -> Answer:
        """The answer of the configured request, decoded and checked for depth."""
        settings = self.settings
        body = settings.body if settings.method in BODY_METHODS else None
        response = await self.request(
            settings.method,
            "",
            expect=(200, 201, 202, 203),
            json=json.loads(body) if body is not None else None,
        )
        # a large answer is decoded and measured off the event loop
        data = await self.off_loop(response, lambda: _decoded(response.content))
        if data is _NOT_JSON:
            raise IntegrationError(
                ErrorCode.INVALID_RESPONSE,
                "the answer is not JSON: is the URL that of a JSON API?",
                status=response.status_code,
                url=response.url,
            )
        if data is _TOO_DEEP:
            raise IntegrationError(
                ErrorCode.INVALID_RESPONSE,
                f"the JSON answer is nested deeper than {MAX_DEPTH} levels",
                status=response.status_code,
                url=response.url,
            )
        return Answer(response.status_code, data)


_NOT_JSON = object()
_TOO_DEEP = object()


def _decoded(content: bytes) -> Any:
    """The JSON of ``content``; _NOT_JSON or _TOO_DEEP when it is not one Tilewire reads."""
    try:
        data = msgspec.json.decode(content)
    except msgspec.DecodeError:
        return _NOT_JSON
    return _TOO_DEEP if too_deep(data, MAX_DEPTH) else data


def too_deep(data: Any, limit: int) -> bool:
    """Whether ``data`` nests arrays and objects deeper than ``limit`` (walked without
    recursion; every node once)."""
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict):
            children: Sequence[Any] = list(node.values())
        elif isinstance(node, list):
            children = node
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


# --- selectors -------------------------------------------------------------------------------


def select(selector: str, data: Any) -> list[Any]:
    """The values ``selector`` matches in ``data``, the first MAX_MATCHES."""
    path = compile_selector(selector)
    found: list[Any] = []
    for match in path.find(data):
        found.append(match.value)
        if len(found) >= MAX_MATCHES:
            break
    return found


# --- formats -------------------------------------------------------------------------------


def _cut(text: str, limit: int = MAX_VALUE_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def raw_text(value: Any) -> str:
    """A JSON value as text: a string as it is, anything else as compact JSON."""
    if isinstance(value, str):
        return value
    return msgspec.json.encode(value).decode()


def as_number(value: Any) -> float | None:
    """A number, or a string holding one (not a boolean); None otherwise."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            return None
    else:
        return None
    return number if math.isfinite(number) else None


def _trim(number: float, decimals: int) -> str:
    text = f"{number:,.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def format_number(number: float) -> str:
    """Thousands grouping; a fraction kept to 2 decimals at most: 1,234,567 / 3.14."""
    return _trim(number, 2)


def format_bytes(number: float) -> str:
    """Binary units: 512 B, 1.5 KiB, 3.2 GiB."""
    units = ("B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB")
    size = abs(number)
    unit = 0
    while size >= 1024 and unit < len(units) - 1:
        size /= 1024
        unit += 1
    sign = "-" if number < 0 else ""
    if unit == 0:
        return f"{sign}{_trim(size, 0 if size == int(size) else 1)} B"
    return f"{sign}{_trim(size, 1)} {units[unit]}"


def format_bitrate(bits_per_second: float) -> str:
    """Decimal units of bits per second: 800 bit/s, 12.5 Mbit/s."""
    units = ("bit/s", "kbit/s", "Mbit/s", "Gbit/s", "Tbit/s", "Pbit/s")
    rate = abs(bits_per_second)
    unit = 0
    while rate >= 1000 and unit < len(units) - 1:
        rate /= 1000
        unit += 1
    sign = "-" if bits_per_second < 0 else ""
    return f"{sign}{_trim(rate, 1)} {units[unit]}"


_SPANS = (("d", 86400), ("h", 3600), ("min", 60), ("s", 1))


def format_duration(seconds: float) -> str:
    """The two largest units of a number of seconds: 2 d 3 h, 5 min 3 s, 42 s."""
    whole = round(abs(seconds))
    sign = "-" if seconds < 0 and whole else ""
    if whole == 0:
        return "0 s"
    parts: list[str] = []
    for unit, size in _SPANS:
        count, whole = divmod(whole, size)
        if count and len(parts) < 2:
            parts.append(f"{count} {unit}")
        elif parts:
            break  # the next unit after the largest one, even when zero, ends it
    return sign + " ".join(parts)


def as_datetime(value: Any) -> datetime | None:
    """An ISO 8601 text (UTC when it names no offset) or a number of epoch seconds."""
    if isinstance(value, str):
        text = value.strip()
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            number = as_number(text)
            return _from_epoch(number) if number is not None else None
        return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    number = as_number(value)
    return _from_epoch(number) if number is not None else None


def _from_epoch(seconds: float) -> datetime | None:
    try:
        return datetime.fromtimestamp(seconds, UTC)
    except (OverflowError, OSError, ValueError):
        return None


def format_date(moment: datetime) -> str:
    """ISO 8601 in UTC, to the second: 2026-01-02T03:04:05Z."""
    return moment.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def format_relative(moment: datetime, now: datetime) -> str:
    """How long ago or ahead ``moment`` is from ``now``: 3 h ago, in 2 d, just now."""
    delta = (moment - now).total_seconds()
    span = abs(delta)
    if span < 1:
        return "just now"
    for unit, size in _SPANS:
        if span >= size:
            count = int(span // size)
            text = f"{count} {unit}"
            return f"in {text}" if delta > 0 else f"{text} ago"
    return "just now"


def format_value(value: Any, fmt: str, now: datetime) -> str:
    """``value`` (a JSON scalar, already scaled when a number) in format ``fmt``; a value the
    format cannot take (a word for ``bytes``) is shown as text."""
    if fmt in ("date", "relativeDate"):
        moment = as_datetime(value)
        if moment is not None:
            return format_date(moment) if fmt == "date" else format_relative(moment, now)
        return raw_text(value)
    number = as_number(value) if fmt != "text" else None
    if number is None:
        return raw_text(value)
    if fmt == "number":
        return format_number(number)
    if fmt == "float":
        return f"{number:,.2f}"
    if fmt == "percent":
        return f"{_trim(number, 1)} %"
    if fmt == "bytes":
        return format_bytes(number)
    if fmt == "bitrate":
        return format_bitrate(number)
    if fmt == "duration":
        return format_duration(number)
    return raw_text(value)


def _scaled(value: Any, scale: float) -> Any:
    """A number (or a string holding one) times ``scale``; anything else as it is."""
    if scale == 1.0:
        return value
    number = as_number(value)
    if number is None:
        return value
    product = number * scale
    return int(product) if product.is_integer() and abs(product) < 2**53 else product


def read_value(mapping: CustomApiMapping, data: Any, now: datetime | None = None) -> CustomApiValue:
    """One mapping applied to the answer ``data``."""
    now = now or datetime.now(UTC)
    found = select(mapping.selector, data)
    if not found:
        return CustomApiValue(
            label=mapping.label,
            value="",
            raw=None,
            raw_number=None,
            format=mapping.format,
            found=False,
            matches=0,
        )
    texts = [_shown(mapping, item, now) for item in found]
    first = _scaled(found[0], mapping.scale)
    return CustomApiValue(
        label=mapping.label,
        value=_cut(", ".join(texts)),
        raw=_cut(raw_text(found[0])),
        raw_number=as_number(first),
        format=mapping.format,
        found=True,
        matches=len(found),
    )


def _shown(mapping: CustomApiMapping, item: Any, now: datetime) -> str:
    if mapping.remap:
        key = raw_text(item)
        for entry in mapping.remap:
            if entry.from_ == key:
                return entry.to
        if mapping.remap_default:
            return mapping.remap_default
    text = format_value(_scaled(item, mapping.scale), mapping.format, now)
    return f"{mapping.prefix}{text}{mapping.suffix}"


def read_values(
    settings: CustomApiSettings, data: Any, now: datetime | None = None
) -> list[CustomApiValue]:
    """Every mapping applied to the answer ``data``, in order."""
    now = now or datetime.now(UTC)
    return [read_value(mapping, data, now) for mapping in settings.mappings]


def read_rows(mode: CustomApiListMode, data: Any, now: datetime | None = None) -> CustomApiRows:
    """The list mode applied to ``data``: the list the selector finds (the first match that is
    a list; several matches that are not lists are the list themselves), a row per element up
    to ``limit``."""
    now = now or datetime.now(UTC)
    matches = select(mode.selector, data)
    elements: list[Any]
    if len(matches) == 1 and isinstance(matches[0], list):
        elements = matches[0]
    elif len(matches) == 1 and isinstance(matches[0], dict):
        elements = list(matches[0].values())
    else:
        elements = matches
    rows: list[CustomApiRow] = []
    for element in elements[: mode.limit]:
        names = select(mode.name_selector, element)
        values = select(mode.value_selector, element)
        name = _cut(raw_text(names[0]), MAX_NAME_CHARS) if names else ""
        if not values:
            rows.append(CustomApiRow(name=name, value="", raw=None, raw_number=None, found=False))
            continue
        scaled = _scaled(values[0], mode.scale)
        rows.append(
            CustomApiRow(
                name=name,
                value=_cut(format_value(scaled, mode.format, now)),
                raw=_cut(raw_text(values[0])),
                raw_number=as_number(scaled),
                found=True,
            )
        )
    return CustomApiRows(rows=rows, total=len(elements))
