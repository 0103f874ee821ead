"""Custom JSON API: any JSON answer read with selectors and turned into dashboard values."""

from __future__ import annotations

import json
import re
import warnings
from functools import lru_cache
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal

from pydantic import (
    AnyHttpUrl,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
)

from integrations.capabilities import Payload
from integrations.config import (
    BearerToken,
    ConfigModel,
    Credentials,
    NoCredentials,
    Secret,
    ServiceConfig,
    UsernamePassword,
    field,
)
from integrations.errors import ErrorCode, IntegrationError
from integrations.types import Integration, ServiceInfo, endpoint

if TYPE_CHECKING:  # for annotations; a function imports what it runs with, on first use
    from integrations.customapi.client import CustomApiClient

MAX_MAPPINGS = 20
MAX_REMAPS = 20
MAX_SELECTOR_CHARS = 300
MAX_LABEL_CHARS = 100
MAX_AFFIX_CHARS = 20
MAX_REMAP_CHARS = 200
MAX_BODY_CHARS = 16_384
"""A request body (JSON text) is a query or a filter, not an upload."""
MAX_LIST_LIMIT = 100
HEADER_SLOTS = 4
"""Extra request headers: a fixed set of name/value slots, each value a write-only secret."""
MAX_HEADER_NAME_CHARS = 100
MAX_HEADER_VALUE_CHARS = 4096
HEADER_NAME_PATTERN = r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$"
"""An HTTP header name (a token, RFC 9110 section 5.1)."""
RESERVED_HEADERS = frozenset(
    {"host", "content-length", "transfer-encoding", "connection", "upgrade", "te", "trailer"}
)
"""Headers the HTTP client itself sets: a config may not replace them."""
BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})

Format = Literal[
    "text", "number", "float", "percent", "bytes", "bitrate", "duration", "date", "relativeDate"
]
FORMAT_HELP = (
    "text as is; number with thousands grouping; float with 2 decimals; percent (0-100) as "
    "12.5 %; bytes in binary units (KiB, MiB); bitrate from bits per second in decimal units "
    "(kbit/s, Mbit/s; scale 8 turns bytes/s into bits/s); duration from seconds (2 d 3 h); date "
    "from ISO 8601 or epoch seconds as ISO 8601 UTC; relativeDate as 3 h ago / in 2 d."
)
SELECTOR_HELP = (
    "A dot path with list indexes (data.items.0.name) or JSONPath ($.items[*].name, "
    "$.data.result[0].value[1])."
)

Affix = Annotated[str, StringConstraints(strip_whitespace=False)]
"""A prefix or suffix: kept as typed, spaces included (other texts are stripped)."""

_NAME_STEP = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")


def to_jsonpath(selector: str) -> str:
    """``selector`` in JSONPath: a ``$`` path as it is, a dot path (``a.b.0.c``, ``*`` for
    every item) converted (``$.a.b[0].c``); raises ValueError naming a step that cannot be."""
    text = selector.strip()
    if text.startswith("$"):
        return text
    out = "$"
    for step in text.split("."):
        if step == "":
            raise ValueError("has an empty step (two dots, or a dot at an end)")
        if step.isdigit():
            out += f"[{int(step)}]"
        elif step == "*":
            out += "[*]"
        elif _NAME_STEP.match(step):
            out += f".{step}"
        elif "'" not in step and "\\" not in step:
            out += f".'{step}'"
        else:
            raise ValueError(f"step {step[:40]!r} has a quote or a backslash: use JSONPath")
    return out


SUBSET = ("Root", "This", "Child", "Fields", "Index", "Slice", "Wildcard")
"""The JSONPath Tilewire evaluates: names, indexes, slices and wildcards ($, @, a.b, [0],
[1:3], [*], *). Recursive descent (..), filters, unions and the like are refused: their work
grows with the whole answer, and a dashboard value names its place."""
MAX_SELECTOR_STEPS = 64
_CONSTRUCTS = {
    "Descendants": "recursive descent (..)",
    "_Union": "a union (|)",
    "Union": "a union (|)",
    "Intersect": "an intersection (&)",
    "Where": "a filter (where)",
    "WhereNot": "a filter (wherenot)",
    "Parent": "`parent`",
}


def _outside_subset(path: Any) -> str | None:
    """The name of the first JSONPath construct of ``path`` outside SUBSET, or None."""
    stack = [path]
    seen = 0
    while stack and seen < MAX_SELECTOR_STEPS * 2:
        node = stack.pop()
        seen += 1
        kind = type(node).__name__
        if kind not in SUBSET:
            return _CONSTRUCTS.get(kind, f"JSONPath's {kind.strip('_')}")
        if kind == "Child":
            stack += [node.left, node.right]
    return "a selector of too many steps" if stack else None


@lru_cache(maxsize=512)
def compile_selector(selector: str) -> Any:
    """The parsed JSONPath of ``selector`` (jsonpath-ng); raises ValueError when it does not
    parse or goes beyond SUBSET. Cached: the same few selectors are evaluated at every
    refresh."""
    from jsonpath_ng.parser import parse

    path = to_jsonpath(selector)
    try:
        with warnings.catch_warnings():  # the parser warns of constructs refused below
            warnings.simplefilter("ignore", DeprecationWarning)
            parsed = parse(path)
    except Exception as err:  # JSONPathError, and the plain exceptions the parser also raises
        detail = " ".join(str(err).split())[:120]
        raise ValueError(f"is not a selector ({detail})") from None
    beyond = _outside_subset(parsed)
    if beyond is not None:
        raise ValueError(
            f"uses {beyond}, which Tilewire does not evaluate: use names, list indexes, "
            "slices and wildcards ($.items[*].name)"
        )
    return parsed


def _checked_selector(value: str) -> str:
    compile_selector(value)
    return value


class CustomApiConnection(ServiceConfig):
    """The connection fields, the URL being the exact address to request."""

    url_takes_query: ClassVar[bool] = True

    url: AnyHttpUrl = field(
        "URL",
        help="The full URL of the JSON answer, query string allowed, e.g. "
        "http://192.168.1.10:9090/api/v1/query?query=up. Put secrets in headers or "
        "credentials, never in the query string (it is shown as typed).",
    )


class CustomApiKeyHeader(Credentials):
    """An API key sent in a header of your choice (X-Api-Key, Authorization, ...)."""

    label = "API key header"
    type: Literal["apiKeyHeader"] = "apiKeyHeader"
    header_name: str = field(
        "Header name",
        min_length=1,
        max_length=MAX_HEADER_NAME_CHARS,
        schema_pattern=HEADER_NAME_PATTERN,
        help="e.g. X-Api-Key",
    )
    api_key: Secret = field("API key", min_length=1, max_length=MAX_HEADER_VALUE_CHARS)

    @field_validator("header_name")
    @classmethod
    def _header_name(cls, value: str) -> str:
        return _valid_header_name(value)


def _valid_header_name(value: str) -> str:
    if not re.match(HEADER_NAME_PATTERN, value):
        raise ValueError("is not an HTTP header name (letters, digits and !#$%&'*+-.^_`|~)")
    if value.lower() in RESERVED_HEADERS:
        raise ValueError(f"{value} is set by Tilewire's HTTP client itself")
    return value


class CustomApiRemap(ConfigModel):
    """One replacement: a raw value and the text shown for it."""

    from_: str = field(
        "From",
        alias="from",
        max_length=MAX_REMAP_CHARS,
        help="The raw value as text (true, 42, up): matched exactly.",
    )
    to: str = field("To", max_length=MAX_REMAP_CHARS, help="The text shown instead.")


class CustomApiMapping(ConfigModel):
    """One value of the answer: where it is, its label, and how it is shown."""

    selector: str = field(
        "Selector", min_length=1, max_length=MAX_SELECTOR_CHARS, help=SELECTOR_HELP
    )
    label: str = field("Label", min_length=1, max_length=MAX_LABEL_CHARS)
    format: Format = field("Format", default="text", help=FORMAT_HELP)
    scale: float = field(
        "Scale",
        default=1.0,
        ge=-1e12,
        le=1e12,
        help="Multiply a number by this before formatting (8: bytes to bits; 0.001: ms to s).",
    )
    prefix: Affix = field(
        "Prefix", default="", max_length=MAX_AFFIX_CHARS, help="Text before the value, as typed."
    )
    suffix: Affix = field(
        "Suffix",
        default="",
        max_length=MAX_AFFIX_CHARS,
        help="Text after the value, as typed (a leading space is kept: ' req/s').",
    )
    remap: list[CustomApiRemap] = field(
        "Remap",
        default=[],
        max_length=MAX_REMAPS,
        help="Show another text for given raw values (replaces the formatted value, prefix "
        "and suffix included).",
    )
    remap_default: str | None = field(
        "Remap default",
        default=None,
        max_length=MAX_REMAP_CHARS,
        help="The text for a raw value no remap entry names (empty: the formatted value).",
    )

    @field_validator("selector")
    @classmethod
    def _selector(cls, value: str) -> str:
        return _checked_selector(value)


class CustomApiListMode(ConfigModel):
    """Rows from a list in the answer: each element's name and value."""

    selector: str = field(
        "List selector",
        min_length=1,
        max_length=MAX_SELECTOR_CHARS,
        help="Where the list is (" + SELECTOR_HELP + ") The elements of the list are the rows.",
    )
    name_selector: str = field(
        "Name selector",
        min_length=1,
        max_length=MAX_SELECTOR_CHARS,
        help="The row's name, relative to one element (metric.instance, or $.name).",
    )
    value_selector: str = field(
        "Value selector",
        min_length=1,
        max_length=MAX_SELECTOR_CHARS,
        help="The row's value, relative to one element (value.1, or $.value[1]).",
    )
    format: Format = field("Format", default="text", help=FORMAT_HELP)
    scale: float = field(
        "Scale", default=1.0, ge=-1e12, le=1e12, help="Multiply a number by this first."
    )
    limit: int = field(
        "Rows", default=20, ge=1, le=MAX_LIST_LIMIT, help="At most this many rows (the first)."
    )

    @field_validator("selector", "name_selector", "value_selector")
    @classmethod
    def _selectors(cls, value: str) -> str:
        return _checked_selector(value)


def _header_name_field(n: int) -> Any:
    return field(
        f"Header {n} name",
        default=None,
        max_length=MAX_HEADER_NAME_CHARS,
        schema_pattern=r"^\s*(?:[!#$%&'*+.^_`|~0-9A-Za-z-]+)?\s*$",
        help="An extra request header (e.g. Accept-Language), with its value below.",
    )


def _header_value_field(n: int) -> Any:
    return field(
        f"Header {n} value",
        default=None,
        max_length=MAX_HEADER_VALUE_CHARS,
        help="Kept secret: masked when the App is read, kept when an update leaves it out.",
    )


BODY_NEEDS_ITS_METHOD: Any = {
    "allOf": [
        {
            "if": {
                "not": {
                    "required": ["method"],
                    "properties": {"method": {"enum": sorted(BODY_METHODS)}},
                }
            },
            "then": {
                "properties": {
                    "body": {"anyOf": [{"type": "null"}, {"type": "string", "pattern": r"^\s*$"}]}
                }
            },
        }
    ]
}
"""The config schema's statement of the body rule: a body only with a method that has one
(GET, the default, has none); that the body is JSON only the server checks."""


class CustomApiSettings(ConfigModel):
    """What to request and which values to read from the answer."""

    model_config = ConfigDict(
        **ConfigModel.model_config,
        json_schema_extra=BODY_NEEDS_ITS_METHOD,
    )

    method: Literal["GET", "POST", "PUT", "PATCH"] = field("HTTP method", default="GET")
    body: str | None = field(
        "Request body (JSON)",
        default=None,
        multiline=True,
        max_length=MAX_BODY_CHARS,
        help="JSON sent with POST, PUT or PATCH (Content-Type: application/json).",
    )
    header1_name: str | None = _header_name_field(1)
    header1_value: Secret | None = _header_value_field(1)
    header2_name: str | None = _header_name_field(2)
    header2_value: Secret | None = _header_value_field(2)
    header3_name: str | None = _header_name_field(3)
    header3_value: Secret | None = _header_value_field(3)
    header4_name: str | None = _header_name_field(4)
    header4_value: Secret | None = _header_value_field(4)
    mappings: list[CustomApiMapping] = field(
        "Values",
        min_length=1,
        max_length=MAX_MAPPINGS,
        help="The values to show, each read from the answer with a selector.",
    )
    list_mode: CustomApiListMode | None = field(
        "List",
        default=None,
        alias="list",
        help="Optional: rows read from a list in the answer (the rows endpoint).",
    )

    @field_validator("body")
    @classmethod
    def _json_body(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is None or value == "":
            return None
        if info.data.get("method", "GET") not in BODY_METHODS:
            raise ValueError("is sent only with POST, PUT or PATCH: change the method or clear it")
        try:
            json.loads(value)
        except ValueError as err:
            raise ValueError(f"is not JSON ({err.args[0] if err.args else 'invalid'})") from None
        return value

    @field_validator("header1_name", "header2_name", "header3_name", "header4_name")
    @classmethod
    def _header_names(cls, value: str | None) -> str | None:
        if value is None or value == "":
            return None
        return _valid_header_name(value)

    @field_validator("header1_value", "header2_value", "header3_value", "header4_value")
    @classmethod
    def _header_values(cls, value: Any, info: ValidationInfo) -> Any:
        if value is None or not value.get_secret_value():
            return None
        slot = (info.field_name or "").removesuffix("_value")
        if not info.data.get(f"{slot}_name"):
            raise ValueError("has no header name: fill in the name above, or clear the value")
        return value

    def headers(self) -> dict[str, str]:
        """The extra headers of the filled slots (values in clear)."""
        out: dict[str, str] = {}
        for n in range(1, HEADER_SLOTS + 1):
            name = getattr(self, f"header{n}_name")
            value = getattr(self, f"header{n}_value")
            if name and value is not None:
                out[name] = value.get_secret_value()
        return out


# --- payloads -------------------------------------------------------------------------------


class CustomApiValue(Payload):
    """One configured value, read from the answer and formatted."""

    label: str = Field(description="the mapping's label")
    value: str = Field(
        description="the formatted text (prefix and suffix included, remap applied); several "
        "matches of a wildcard selector are each formatted and joined with ', '; empty when "
        "nothing matched"
    )
    raw: str | None = Field(
        description="the first match as JSON text (a string unquoted), before scale and format; "
        "null when nothing matched"
    )
    raw_number: float | None = Field(
        description="the first match as a number (a number, or a string holding one), after "
        "scale; null otherwise"
    )
    format: str = Field(description="the mapping's format (text, number, bytes, ...)")
    found: bool = Field(description="whether the selector matched anything")
    matches: int = Field(description="how many values the selector matched (at most 50 read)")


class CustomApiValues(Payload):
    """The configured values of the JSON answer, in the order of the App's mappings."""

    values: list[CustomApiValue] = Field(description="one entry per mapping")


class CustomApiRow(Payload):
    """One element of the configured list."""

    name: str = Field(description="the element's name (its name selector's match as text)")
    value: str = Field(description="the element's value, formatted; empty when not found")
    raw: str | None = Field(description="the value as JSON text, before scale and format")
    raw_number: float | None = Field(description="the value as a number after scale, or null")
    found: bool = Field(description="whether the value selector matched in this element")


class CustomApiRows(Payload):
    """Rows read from a list in the JSON answer (the App's list mode)."""

    rows: list[CustomApiRow] = Field(description="the first elements of the list, up to limit")
    total: int = Field(description="how many elements the list has, before the limit")


class CustomApi(Integration["CustomApiClient"]):
    id = "customapi"
    name = "Custom JSON API"
    icon = "customapi"
    categories = ("monitoring",)
    docs_url = "https://www.rfc-editor.org/rfc/rfc9535"
    verification = (
        "Built from the JSON (RFC 8259) and JSONPath (RFC 9535) specifications; verified against "
        "a running Prometheus 2.42.0 through its HTTP API"
    )
    credentials = (NoCredentials, UsernamePassword, BearerToken, CustomApiKeyHeader)
    extra = CustomApiSettings
    config_base = CustomApiConnection
    client_class = "integrations.customapi.client:CustomApiClient"

    async def test_connection(self, client: CustomApiClient) -> ServiceInfo:
        from integrations.customapi.client import read_values

        answer = await client.fetch()
        values = read_values(client.settings, answer.data)
        missing = [
            f"mappings[{i}] {m.selector}"
            for i, (m, v) in enumerate(zip(client.settings.mappings, values, strict=True))
            if not v.found
        ]
        details = {
            "status": str(answer.status),
            "found": f"{len(values) - len(missing)} of {len(values)} selectors",
            "not found": "; ".join(missing)[:500] or None,
        }
        if client.settings.list_mode is not None:
            from integrations.customapi.client import read_rows

            rows = read_rows(client.settings.list_mode, answer.data)
            details["list"] = f"{rows.total} elements"
        return ServiceInfo.of(None, details)

    @endpoint(
        "values",
        name="Values",
        description="Requests the URL and reads each configured value from the JSON answer, "
        "formatted as its mapping says.",
        ttl=30.0,
        min_refresh=5.0,
    )
    async def values(self, client: CustomApiClient) -> CustomApiValues:
        from integrations.customapi.client import read_values

        answer = await client.fetch()
        return CustomApiValues(values=read_values(client.settings, answer.data))

    @endpoint(
        "rows",
        name="Rows",
        description="Requests the URL and reads the configured list (list mode): a name and a "
        "formatted value per element, the first ones up to the limit, and the list's length.",
        ttl=30.0,
        min_refresh=5.0,
    )
    async def rows(self, client: CustomApiClient) -> CustomApiRows:
        from integrations.customapi.client import read_rows

        mode = client.settings.list_mode
        if mode is None:
            raise IntegrationError(
                ErrorCode.INVALID_CONFIG,
                "this App has no list settings (extra.list): set the list's selectors to use rows",
            )
        answer = await client.fetch()
        return read_rows(mode, answer.data)
