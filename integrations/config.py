"""Config schemas: validating pydantic models that also render as a frontend form.

An integration's config is the shared connection fields (``Connection``), one of its
alternative credential sets (``credentials``), and optionally its own ``extra`` model.
Field names are camelCase on the wire. Secret fields are ``Secret`` (write-only: masked
in every output, kept when an update omits them).
"""

from __future__ import annotations

import re
import ssl
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import Enum, StrEnum
from types import UnionType
from typing import Annotated, Any, ClassVar, Literal, NamedTuple, Union, get_args, get_origin

from cryptography import x509
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from pydantic import (
    AnyHttpUrl,
    AnyUrl,
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    SecretStr,
    SerializationInfo,
    Tag,
    TypeAdapter,
    UrlConstraints,
    ValidationError,
    ValidationInfo,
    WrapSerializer,
    create_model,
    field_validator,
)
from pydantic.alias_generators import to_camel
from pydantic.fields import FieldInfo
from pydantic_core import PydanticCustomError

from integrations.addresses import policy_in

MASK = "********"


def _serialize_secret(value: SecretStr, handler: Any, info: SerializationInfo) -> str:
    context = info.context
    if isinstance(context, Mapping) and context.get("reveal_secrets"):
        return value.get_secret_value()
    return MASK


Secret = Annotated[SecretStr, WrapSerializer(_serialize_secret, when_used="always")]
"""A write-only string: never serialised in clear unless storage asks for it."""


class FieldKind(StrEnum):
    STRING = "string"
    SECRET = "secret"
    URL = "url"
    NUMBER = "number"
    BOOLEAN = "boolean"
    SELECT = "select"
    LIST = "list"
    """A list of objects: each item is a small form of its own (``FormField.item_fields``)."""


def field(
    label: str,
    *,
    default: Any = ...,
    help: str = "",
    kind: FieldKind | None = None,
    multiline: bool = False,
    schema_pattern: str | None = None,
    **constraints: Any,
) -> Any:
    """A config field with what a form needs to render it.

    ``schema_pattern`` is the pattern (an ECMAScript regular expression, as JSON Schema has it)
    that the config schema and the form state for a field whose rule a validator of its own
    enforces on the server: the two must agree (tests/integrations/test_config_schema_ajv.py
    holds them to it)."""
    extra: dict[str, Any] = {"label": label}
    if kind is not None:
        extra["kind"] = kind.value
    if multiline:
        extra["multiline"] = True
    if schema_pattern is not None:
        extra["pattern"] = schema_pattern
    return Field(default, description=help or None, json_schema_extra=extra, **constraints)


class ConfigModel(BaseModel):
    """Base of every config section: camelCase aliases, unknown keys refused, JSON types as the
    config schema states them (strict: "true" is not a boolean, "5" not a number)."""

    model_config = ConfigDict(
        alias_generator=to_camel,
        populate_by_name=True,
        extra="forbid",
        str_strip_whitespace=True,
        strict=True,
        frozen=True,
        defer_build=True,
    )


_SHA256_RE = re.compile(r"^[0-9A-F]{64}$")
CA_BUNDLE_MAX_CHARS = 65_536
"""A few CAs, not a whole trust store (the system's CAs are trusted already)."""
_PORT = r"(?:6553[0-5]|655[0-2][0-9]|65[0-4][0-9]{2}|6[0-4][0-9]{3}|[1-5][0-9]{4}|[0-9]{1,4})"
_HTTP_URL = (
    r"[Hh][Tt][Tt][Pp][Ss]?://"
    r"(?:\[[0-9A-Fa-f:.]+\]|[^\s/?#@:\[\]\\<>^|%\u0000-\u001f\u007f]+)"
    rf"(?::{_PORT})?(?:/[^\s?#]*)?"
)
URL_PATTERN = f"^{_HTTP_URL}$"
"""A base URL the server accepts: http or https, a host, an optional port; no user name or
password, query string or fragment."""
_SOCKET_CHARS = r"[A-Za-z0-9._~!$&'()*+,;=:@/-]"
"""What a socket path is made of (a URL path's own characters, nothing escaped)."""
SOCKET_URL_PATTERN = (
    rf"^(?:{_HTTP_URL}|[Uu][Nn][Ii][Xx]:///{_SOCKET_CHARS}{{0,105}}[A-Za-z0-9._~!$&'()*+,;=:@-])$"
)
"""URL_PATTERN, or a unix socket's URL: ``unix://`` and an absolute path (not a directory's)."""
UNIX_SCHEME = "unix"
SOCKET_PATH_MAX_BYTES = 107
"""The longest path a unix socket address holds (``sun_path`` is 108 bytes with its NUL)."""
HttpOrSocketUrl = Annotated[AnyUrl, UrlConstraints(allowed_schemes=["http", "https", UNIX_SCHEME])]
"""The URL of an integration that declares ``unix_socket``: http(s), or ``unix:///path``."""
SOCKET_HOST = "localhost"
"""The host a request over a unix socket names (its ``Host`` header): the socket is the address."""


class Connection(ConfigModel):
    """Fields every integration shares: where the service is and how to reach it safely."""

    url_takes_query: ClassVar[bool] = False
    """Whether ``url`` may carry a query string: an integration that requests exactly the URL
    configured (a generic JSON API) sets it on its ``config_base``; a service's base URL never
    has one."""

    url: AnyHttpUrl = field("URL", help="Base URL of the service, e.g. http://192.168.1.10:8080")
    verify_tls: bool = field(
        "Verify TLS certificate",
        default=True,
        help="Turn off only for a service you trust on your own network.",
    )
    ca_bundle: str | None = field(
        "CA certificate (PEM)",
        default=None,
        multiline=True,
        # Blank, or with a certificate's header and without a private key's (whether the PEM
        # parses is checked by the server only).
        schema_pattern=(
            r"^(?![\s\S]*PRIVATE KEY-----)(?:\s*|[\s\S]*-----BEGIN CERTIFICATE-----[\s\S]*)$"
        ),
        max_length=CA_BUNDLE_MAX_CHARS,
        help="Trust this CA (or self-signed certificate) in addition to the system ones.",
    )
    pinned_sha256: str | None = field(
        "Pinned certificate SHA-256",
        default=None,
        schema_pattern=r"^\s*(?:[: ]*(?:[0-9A-Fa-f][: ]*){64})?\s*$",
        help="Accept exactly the certificate with this SHA-256 fingerprint (hex, colons optional).",
    )
    timeout: float = field(
        "Timeout (seconds)", default=10.0, gt=0, le=300, help="Total time allowed for one request."
    )
    connect_timeout: float = field(
        "Connect timeout (seconds)", default=5.0, gt=0, le=120, help="Time allowed to connect."
    )

    @field_validator("url", mode="before")
    @classmethod
    def _socket_only_where_declared(cls, value: Any) -> Any:
        # Every other integration's URL type refuses the scheme too, in pydantic's words;
        # these say why and what to use instead.
        if (
            isinstance(value, str)
            and value.strip().lower().startswith(f"{UNIX_SCHEME}:")
            and not cls.unix_socket
        ):
            raise PydanticCustomError(
                "url_scheme",
                "a unix:// socket URL is accepted only by integrations that connect to a local "
                "socket (such as Docker): use http:// or https://",
            )
        return value

    @field_validator("url")
    @classmethod
    def _plain_base_url(cls, value: AnyUrl, info: ValidationInfo) -> AnyUrl:
        if value.scheme == UNIX_SCHEME:
            return _socket_url(value)
        if not value.host:
            raise ValueError("must name a host, e.g. http://192.168.1.10:8080")
        # Credentials here would be a secret stored and shown as a plain field.
        if value.username or value.password:
            raise ValueError("must not contain credentials: use the credentials fields")
        if cls.url_takes_query and value.fragment:
            raise ValueError("must be a URL without fragment")
        if not cls.url_takes_query and (value.query or value.fragment):
            raise ValueError("must be a base URL without query string or fragment")
        # The address policy (the default one unless the validation context names another);
        # a host name is checked again, by address, when connecting.
        policy = policy_in(info.context)
        refused = policy.refusal(value.host or "") if policy is not None else None
        if refused is not None:
            raise PydanticCustomError(
                "address_not_allowed", "{reason}", {"reason": refused.message()}
            )
        return value

    @field_validator("pinned_sha256")
    @classmethod
    def _normalise_pin(cls, value: str | None) -> str | None:
        if value is None or value == "":
            return None
        hexdigits = value.replace(":", "").replace(" ", "").upper()
        if not _SHA256_RE.match(hexdigits):
            raise ValueError("must be 64 hex digits (a SHA-256 fingerprint), colons allowed")
        return ":".join(hexdigits[i : i + 2] for i in range(0, 64, 2))

    @field_validator("ca_bundle")
    @classmethod
    def _check_pem(cls, value: str | None) -> str | None:
        if value is None or value == "":
            return None
        if "-----BEGIN CERTIFICATE-----" not in value:
            raise ValueError("must be one or more PEM certificates (-----BEGIN CERTIFICATE-----)")
        if "PRIVATE KEY-----" in value:
            raise ValueError("must not contain a private key: paste the certificate only")
        # Parsed now, as every fetch would load it: garbage between the markers is refused
        # here, with the field named, instead of failing each request later.
        try:
            x509.load_pem_x509_certificates(value.encode())
            ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT).load_verify_locations(cadata=value)
        except (ValueError, ssl.SSLError):
            raise ValueError("is not a valid PEM certificate (or bundle of them)") from None
        return value

    unix_socket: ClassVar[bool] = False
    """Whether ``url`` may be ``unix:///path/to/socket`` (set by ``build_config_model`` for an
    integration that declares ``Integration.unix_socket``)."""

    @property
    def socket_path(self) -> str | None:
        """The unix socket the service listens on, or None for an http(s) URL."""
        return self.url.path if self.url.scheme == UNIX_SCHEME else None

    @property
    def base_url(self) -> str:
        """The base URL requests are made against: over a unix socket ``http://localhost`` (the
        socket is where they go, the URL names the API's paths); else the URL without its
        query string (where a ``url_takes_query`` config has one)."""
        if self.url.scheme == UNIX_SCHEME:
            return f"http://{SOCKET_HOST}"
        url = self.url
        if url.query:
            return str(url).split("?", 1)[0].rstrip("/")
        return str(url).rstrip("/")


def _socket_url(value: AnyUrl) -> AnyUrl:
    """A ``unix:///path`` URL: an absolute path a socket address holds, nothing else (the
    address policy is about network addresses; a socket is a file on Tilewire's machine)."""
    if value.host or value.username or value.password or value.port:
        raise ValueError(
            "a socket URL has no host: unix:///var/run/docker.sock (three slashes, then the "
            "absolute path)"
        )
    if value.query or value.fragment:
        raise ValueError("a socket URL is a path, without query string or fragment")
    path = value.path or ""
    if not path.startswith("/") or path == "/" or path.endswith("/"):
        raise ValueError("must be the absolute path of a socket, e.g. unix:///var/run/docker.sock")
    if len(path) > SOCKET_PATH_MAX_BYTES or not _SOCKET_PATH_RE.fullmatch(path):
        raise ValueError(
            f"the socket path must be at most {SOCKET_PATH_MAX_BYTES} characters: letters, "
            "digits and ._~!$&'()*+,;=:@/- (no spaces or escaped characters)"
        )
    return value


_SOCKET_PATH_RE = re.compile(f"{_SOCKET_CHARS}+")


class Credentials(ConfigModel):
    """Base of a credential set; ``type`` tells the alternatives apart. Each set has a
    ``label`` and a docstring, which a form shows to pick one."""

    label: ClassVar[str] = ""
    type: str


class NoCredentials(Credentials):
    """The service needs no credentials."""

    label = "None"
    type: Literal["none"] = "none"


class ApiKey(Credentials):
    """An API key, from the service's settings."""

    label = "API key"
    type: Literal["apiKey"] = "apiKey"
    api_key: Secret = field("API key", min_length=1)


class UsernamePassword(Credentials):
    """A user's name and password."""

    label = "Username and password"
    type: Literal["usernamePassword"] = "usernamePassword"
    username: str = field("Username", min_length=1)
    password: Secret = field("Password")


class BearerToken(Credentials):
    """An access token, sent as a bearer token."""

    label = "Access token"
    type: Literal["token"] = "token"
    token: Secret = field("Access token", min_length=1)


PEM_MAX_CHARS = 65_536
CERTIFICATE_PATTERN = r"^(?![\s\S]*PRIVATE KEY-----)[\s\S]*-----BEGIN CERTIFICATE-----[\s\S]*$"
PRIVATE_KEY_PATTERN = r"^[\s\S]*-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*$"


class ClientCertificate(Credentials):
    """A TLS client certificate and its private key (PEM), for a service that authenticates
    clients by certificate (Docker's TLS port, 2376). The server's certificate is verified as
    usual: add the CA that signed it under the CA certificate."""

    label = "TLS client certificate"
    type: Literal["clientCertificate"] = "clientCertificate"
    certificate: str = field(
        "Client certificate (PEM)",
        multiline=True,
        min_length=1,
        max_length=PEM_MAX_CHARS,
        schema_pattern=CERTIFICATE_PATTERN,
        help="The client's certificate (cert.pem), then any intermediate certificates.",
    )
    private_key: Secret = field(
        "Private key (PEM)",
        multiline=True,
        min_length=1,
        max_length=PEM_MAX_CHARS,
        schema_pattern=PRIVATE_KEY_PATTERN,
        help="The certificate's private key (key.pem), unencrypted.",
    )

    @field_validator("certificate")
    @classmethod
    def _check_certificate(cls, value: str) -> str:
        if "PRIVATE KEY-----" in value:
            raise ValueError("must not contain a private key: paste that under the private key")
        try:
            x509.load_pem_x509_certificates(value.encode())
        except ValueError:
            raise ValueError("is not a PEM certificate (-----BEGIN CERTIFICATE-----)") from None
        return value

    @field_validator("private_key")
    @classmethod
    def _check_key(cls, value: SecretStr, info: ValidationInfo) -> SecretStr:
        # The key's text never goes into a message (cryptography's errors do not quote it).
        try:
            key = serialization.load_pem_private_key(value.get_secret_value().encode(), None)
        except TypeError:
            raise ValueError("is encrypted: give the key without a passphrase") from None
        except (ValueError, UnsupportedAlgorithm):
            raise ValueError("is not a PEM private key (-----BEGIN PRIVATE KEY-----)") from None
        certificate = info.data.get("certificate")
        if isinstance(certificate, str):
            leaf = x509.load_pem_x509_certificates(certificate.encode())[0]
            if leaf.public_key().public_bytes(
                serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
            ) != key.public_key().public_bytes(
                serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
            ):
                raise ValueError("is not the key of the client certificate")
        return value


class ServiceConfig(Connection):
    """A validated config: connection fields, one credential set, optional extra settings."""

    credentials: Credentials = NoCredentials()
    extra: ConfigModel | None = None


def tag_of(model: type[Credentials]) -> str:
    default = model.model_fields["type"].default
    if not isinstance(default, str):
        raise TypeError(f"{model.__name__}.type needs a literal default")
    return default


def _required_aliases(model: type[BaseModel]) -> set[str]:
    return {
        info.alias or name
        for name, info in model.model_fields.items()
        if info.is_required() and name != "type"
    }


class SocketServiceConfig(ServiceConfig):
    """The config of an integration that may also reach its service over a unix socket."""

    unix_socket: ClassVar[bool] = True
    # Wider than Connection's http(s) URL on purpose: a socket's URL too.
    url: HttpOrSocketUrl = field(  # type: ignore[assignment]
        "URL",
        help="Base URL of the service, e.g. http://192.168.1.10:2375, or the unix socket it "
        "listens on, e.g. unix:///var/run/docker.sock",
        schema_pattern=SOCKET_URL_PATTERN,
    )


def check_credential_sets(name: str, credential_sets: Sequence[type[Credentials]]) -> list[str]:
    """The credential sets' type tags; TypeError when there is none or two share a tag."""
    if not credential_sets:
        raise TypeError(f"{name}: at least one credential set (NoCredentials for none)")
    tags = [tag_of(model) for model in credential_sets]
    if len(set(tags)) != len(tags):
        raise TypeError(f"{name}: credential set types must be distinct: {tags}")
    return tags


def build_config_model(
    name: str,
    credential_sets: Sequence[type[Credentials]],
    extra: type[ConfigModel] | None,
    base: type[ServiceConfig] = ServiceConfig,
) -> type[ServiceConfig]:
    """The validating model of one integration's whole config (``base``: ServiceConfig, or a
    subclass of it with the integration's own connection rules, such as ``url_takes_query``)."""
    tags = check_credential_sets(name, credential_sets)
    required = [
        (tag, _required_aliases(model)) for tag, model in zip(tags, credential_sets, strict=True)
    ]

    def pick(value: Any) -> str | None:
        if isinstance(value, BaseModel):
            return str(getattr(value, "type", tags[0]))
        if not isinstance(value, Mapping):
            return None
        if "type" in value:
            return value["type"] if isinstance(value["type"], str) else None
        for tag, needs in required:
            if needs and needs <= set(value):
                return tag
        return tags[0]

    members = tuple(
        Annotated[model, Tag(tag)] for tag, model in zip(tags, credential_sets, strict=True)
    )
    union: Any = members[0] if len(members) == 1 else Union[members]  # noqa: UP007
    credentials_type = Annotated[
        union,
        Discriminator(
            pick,
            custom_error_type="invalid_credentials_type",
            custom_error_message=f"credentials.type must be one of: {', '.join(tags)}",
        ),
    ]
    # Defaults are validated, so a missing section reports the fields it lacks by name.
    fields: dict[str, Any] = {
        "credentials": (credentials_type, Field(default_factory=dict, validate_default=True)),
    }
    if extra is not None:
        fields["extra"] = (extra, Field(default_factory=dict, validate_default=True))
    else:
        fields["extra"] = (None, None)
    model: type[ServiceConfig] = create_model(name, __base__=base, **fields)
    return model


# --- forms ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FormField:
    """One input of a config form, with the bounds the config schema states for it."""

    name: str
    """Path in the config JSON, e.g. ``url`` or ``credentials.apiKey``."""
    label: str
    kind: FieldKind
    required: bool
    group: str
    """``connection``, ``credentials`` (the set picker), ``credentials:<type>`` or ``extra``."""
    default: Any = None
    help: str = ""
    options: tuple[str, ...] = ()
    multiline: bool = False
    minimum: float | None = None
    maximum: float | None = None
    exclusive_minimum: float | None = None
    exclusive_maximum: float | None = None
    step: float | None = None
    min_length: int | None = None
    max_length: int | None = None
    pattern: str | None = None
    """An ECMAScript regular expression the value matches, as in the config schema."""
    url_schemes: tuple[str, ...] = ()
    discriminator: bool = False
    """The field whose value picks the credential set (``credentials.type``)."""
    item_fields: tuple[FormField, ...] = ()
    """A ``list`` field's item form: the fields of one item, named relative to the item
    (``selector``), nested lists included."""
    min_items: int | None = None
    max_items: int | None = None


def _unwrap_optional(annotation: Any) -> Any:
    if get_origin(annotation) in (Union, UnionType):
        args = [arg for arg in get_args(annotation) if arg is not type(None)]
        if len(args) == 1:
            return args[0]
    return annotation


def takes_socket(info: FieldInfo) -> bool:
    """Whether a URL field takes a unix socket's URL (``HttpOrSocketUrl``)."""
    return info.annotation is AnyUrl and any(
        isinstance(m, UrlConstraints) and UNIX_SCHEME in (m.allowed_schemes or ())
        for m in info.metadata
    )


def kind_and_options(info: FieldInfo) -> tuple[FieldKind, tuple[str, ...]]:
    extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
    annotation = _unwrap_optional(info.annotation)
    options: tuple[str, ...] = ()
    if get_origin(annotation) is Literal:
        options = tuple(str(arg) for arg in get_args(annotation))
    elif isinstance(annotation, type) and issubclass(annotation, Enum):
        options = tuple(str(member.value) for member in annotation)
    declared = extra.get("kind")
    if isinstance(declared, str):
        return FieldKind(declared), options
    if annotation is SecretStr or SecretStr in get_args(annotation):
        return FieldKind.SECRET, options
    if options:
        return FieldKind.SELECT, options
    if annotation is bool:
        return FieldKind.BOOLEAN, options
    if annotation in (int, float):
        return FieldKind.NUMBER, options
    if annotation is AnyHttpUrl or takes_socket(info):
        return FieldKind.URL, options
    return FieldKind.STRING, options


# --- secrets -------------------------------------------------------------------------------


def secret_names(model: type[BaseModel]) -> list[str]:
    """Wire names of the secret fields directly on ``model``."""
    return [
        info.alias or name
        for name, info in model.model_fields.items()
        if kind_and_options(info)[0] is FieldKind.SECRET
    ]


def secret_values(config: ServiceConfig) -> tuple[str, ...]:
    """The values of the config's secrets (credentials and extra settings), for masking."""
    found: list[str] = []
    for model in (config.credentials, config.extra):
        for value in vars(model).values() if model is not None else ():
            if isinstance(value, SecretStr) and value.get_secret_value():
                found.append(value.get_secret_value())
    return tuple(found)


def to_storage(config: ServiceConfig) -> dict[str, Any]:
    """The config as JSON for encryption at rest, secrets in clear."""
    return config.model_dump(mode="json", by_alias=True, context={"reveal_secrets": True})


@dataclass(frozen=True, slots=True)
class SecretState:
    name: str
    is_set: bool


def masked(config: ServiceConfig) -> tuple[dict[str, Any], list[SecretState]]:
    """The config with every secret removed, and which secrets are set."""
    data = config.model_dump(mode="json", by_alias=True)
    states: list[SecretState] = []
    for section in ("credentials", "extra"):
        model = getattr(config, section)
        if model is None or section not in data:
            continue
        for name in secret_names(type(model)):
            value = data[section].pop(name, None)
            states.append(SecretState(f"{section}.{name}", value is not None))
    return data, states


SECRET_REENTRY_REQUIRED = "secret_reentry_required"
"""The problem code of a stored secret that must be entered again (the URL now names another
origin, or the stored config cannot be decrypted)."""


class Origin(NamedTuple):
    """Where a URL's requests go: scheme, host and port (the default port filled in)."""

    scheme: str
    host: str
    port: int

    def __str__(self) -> str:
        return f"{self.scheme}://{self.host}:{self.port}"


_URL = TypeAdapter(HttpOrSocketUrl)


def origin_of(url: object) -> Origin | None:
    """The origin of ``url`` as a config would validate it, or None if it is not a URL (a
    unix socket's URL is its own origin: ``unix``, the socket's path, port 0)."""
    try:
        parsed = _URL.validate_python(url)
    except ValidationError:
        return None
    if parsed.scheme == UNIX_SCHEME:
        return Origin(UNIX_SCHEME, parsed.path or "", 0) if not parsed.host else None
    if parsed.host is None or parsed.port is None:
        return None
    return Origin(parsed.scheme, parsed.host, parsed.port)


@dataclass(frozen=True, slots=True)
class SecretMerge:
    """An incoming config with the stored secrets it may reuse."""

    config: dict[str, Any]
    """The incoming config, stored secrets filled in where it omits them."""
    withheld: tuple[str, ...] = ()
    """Wire paths (``credentials.apiKey``) of stored secrets not filled in because the
    incoming URL does not name the origin they were entered for."""
    moved_to: Origin | None = None
    """The other origin the incoming URL names (None: the same one, or not a valid URL)."""
    entered_for: Origin | None = None
    """The origin the stored secrets were entered for."""


def merge_stored_secrets(
    incoming: Mapping[str, Any], stored: Mapping[str, Any] | None, model: type[ServiceConfig]
) -> SecretMerge:
    """``incoming`` with secrets it omits (or sends as null) taken from ``stored``.

    Secrets carry over only within the same credential set: switching from an API key to a
    password never reuses the old key as something else. And only to the origin (scheme, host,
    port) of the stored URL, which they were entered for: a config pointing elsewhere would
    otherwise send them to a host of its author's choosing, reading a write-only secret back.
    """
    merged: dict[str, Any] = dict(incoming)
    if not stored:
        return SecretMerge(merged)
    entered_for = origin_of(stored.get("url"))
    target = origin_of(incoming.get("url"))
    same_origin = entered_for is not None and target == entered_for
    withheld: list[str] = []
    for section in ("credentials", "extra"):
        new = incoming.get(section)
        old = stored.get(section)
        if not isinstance(old, Mapping) or (new is not None and not isinstance(new, Mapping)):
            continue
        new_section = dict(new or {})
        if section == "credentials":
            new_type = new_section.get("type", old.get("type"))
            if new_type != old.get("type"):
                continue
            new_section.setdefault("type", new_type)
        field_info = model.model_fields.get(section)
        candidates = _section_models(field_info)
        names = sorted({n for m in candidates for n in secret_names(m)})
        for name in names:
            if new_section.get(name) is None and old.get(name) is not None:
                if same_origin:
                    new_section[name] = old[name]
                else:
                    withheld.append(f"{section}.{name}")
        merged[section] = new_section
    moved_to = target if target is not None and not same_origin else None
    return SecretMerge(merged, tuple(withheld), moved_to, entered_for)


def secret_paths(model: type[ServiceConfig]) -> set[str]:
    """Wire paths of every secret a config of ``model`` may hold, in any credential set."""
    paths: set[str] = set()
    for section in ("credentials", "extra"):
        for candidate in _section_models(model.model_fields.get(section)):
            paths.update(f"{section}.{name}" for name in secret_names(candidate))
    return paths


@dataclass(frozen=True, slots=True)
class CheckedConfig:
    """An incoming config validated with the stored secrets it may reuse."""

    config: ServiceConfig | None
    """The valid config; None when there are ``problems``."""
    problems: list[ConfigProblem]
    merge: SecretMerge


def check_config(
    model: type[ServiceConfig],
    incoming: Mapping[str, Any],
    stored: Mapping[str, Any] | None = None,
    *,
    unreadable: str | None = None,
    context: Mapping[str, Any] | None = None,
) -> CheckedConfig:
    """Validate ``incoming``, reusing the secrets of ``stored`` it omits where they may go.

    Each stored secret withheld because the URL names another origin is a problem of its own
    (``secret_reentry_required``), as is each missing secret when the stored config exists but
    is ``unreadable`` (the reason it cannot be decrypted); a config with any problem must be
    neither written nor sent anywhere. When the new URL is not a URL at all, that is the
    problem reported (secrets are withheld all the same). ``context`` is pydantic's validation
    context (the address policy the URL is checked against)."""
    merge = merge_stored_secrets(incoming, stored, model)
    withheld = set(merge.withheld)
    secrets = secret_paths(model)
    found: list[ConfigProblem] = []
    reentry: list[ConfigProblem] = []
    try:
        valid: ServiceConfig | None = model.model_validate(merge.config, context=context)
    except ValidationError as err:
        valid = None
        for problem in problems(err):
            if problem.field in withheld:
                continue  # reported below, as a secret to enter again
            if unreadable is not None and problem.code == "missing" and problem.field in secrets:
                message = f"the stored config cannot be decrypted ({unreadable}): enter it again"
                reentry.append(ConfigProblem(problem.field, SECRET_REENTRY_REQUIRED, message))
            else:
                found.append(problem)
    if merge.withheld and (merge.moved_to is not None or not found):
        entered = f"for {merge.entered_for}" if merge.entered_for else "for another URL"
        target = f"with {merge.moved_to}" if merge.moved_to else "with this URL"
        message = f"the stored secret was entered {entered}: enter it again to use it {target}"
        reentry += [
            ConfigProblem(name, SECRET_REENTRY_REQUIRED, message) for name in merge.withheld
        ]
    found += reentry
    return CheckedConfig(None if found else valid, found, merge)


def _section_models(info: FieldInfo | None) -> list[type[BaseModel]]:
    if info is None:
        return []
    found: list[type[BaseModel]] = []
    stack: list[Any] = [info.annotation]
    while stack:
        item = stack.pop()
        if isinstance(item, type) and issubclass(item, BaseModel):
            found.append(item)
        else:
            stack.extend(get_args(item))
    return found


@dataclass(frozen=True, slots=True)
class ConfigProblem:
    """One reason a config is invalid, by wire path."""

    field: str
    code: str
    message: str


def problems(err: ValidationError) -> list[ConfigProblem]:
    """Field-level problems of a failed validation; never echoes the rejected input."""
    out: list[ConfigProblem] = []
    for item in err.errors(include_input=False, include_url=False):
        loc = [str(part) for part in item["loc"]]
        if len(loc) > 2 and loc[0] == "credentials":
            del loc[1]  # the credential set's tag, which pydantic puts in the path
        out.append(ConfigProblem(".".join(loc) or "(config)", item["type"], item["msg"]))
    return out
