"""Configs to hold an integration's config schema against its server-side validation: valid
and invalid ones, built from the integration's own form so that every integration, present
and future, gets a corpus without lines of its own."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from integrations.config import FieldKind, FormField
from integrations.types import Integration


def _client_certificate() -> tuple[str, str]:
    """A client certificate and its key (PEM), made now (valid for a day)."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "tilewire-corpus-client")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(hours=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return cert.public_bytes(serialization.Encoding.PEM).decode(), key_pem.decode()


CLIENT_CERT, CLIENT_KEY = _client_certificate()

URL = "http://192.168.1.10:8080"
PIN = ":".join(["AB"] * 32)
PEM_WITH_KEY = "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----"
SAMPLES: dict[str, Any] = {
    # fields whose rule a pattern states: a value it accepts
    "extra.repositories": "gitea/tea, go-gitea/gitea",
    "extra.entities": "sensor.outdoor_temperature, Light.Kitchen",
    "extra.actionEntities": "light.*, Switch.Coffee_machine",
    "extra.slug": "home-lab_1",
    "credentials.certificate": CLIENT_CERT,
    "credentials.privateKey": CLIENT_KEY,
    # a JSON body, sent with a method that has one
    "extra.method": "POST",
    "extra.body": '{"query": "up"}',
}
BAD_PATTERN: dict[str, list[str]] = {
    "extra.repositories": ["not a repository", "owner/name/extra", "a/b,, c"],
    "extra.entities": ["Sensor", "sensor.a; light.b", ", ".join(f"sensor.s{i}" for i in range(51))],
    "extra.actionEntities": [
        "light",
        "light.?",
        "a.b; c.d",
        ", ".join(f"l.s{i}" for i in range(51)),
    ],
    "extra.slug": ["home lab", "ä"],
    "extra.labels": ["bad label!", "=value", ", ".join(f"k{i}" for i in range(11))],
    "extra.namePattern": ["a/b", "web app", "x" * 129],
}
GOOD_PATTERN: dict[str, list[str]] = {
    "extra.repositories": ["", " a/b ,c.d/e-f ,", "  "],
    "extra.entities": ["", "a.b c.d,e.f", ", ".join(f"sensor.s{i}" for i in range(50))],
    "extra.actionEntities": [
        "",
        "*.*",
        "light.* a.b,script.good_*",
        ", ".join(f"l.s{i}" for i in range(50)),
    ],
    "extra.slug": ["", "A-z_9"],
    "extra.labels": ["", "a.b=c d/e ,f", ", ".join(f"k{i}=v" for i in range(10))],
    "extra.namePattern": ["", "media-*", "[!a]?x"],
}


@dataclass(frozen=True)
class Case:
    integration: str
    name: str
    config: Any
    valid: bool
    """What both the schema and the server must say."""


def sample(field: FormField) -> Any:
    """A value the field accepts."""
    if field.name in SAMPLES and (
        field.kind is not FieldKind.SELECT or SAMPLES[field.name] in field.options
    ):
        return SAMPLES[field.name]
    if field.kind is FieldKind.LIST:
        return [sample_item(field)] * max(field.min_items or 1, 1)
    if field.default not in (None, ""):
        return field.default
    if field.kind is FieldKind.SELECT:
        return field.options[0]
    if field.kind is FieldKind.BOOLEAN:
        return True
    if field.kind is FieldKind.NUMBER:
        low = field.minimum if field.minimum is not None else field.exclusive_minimum
        return int(low) + 1 if low is not None else 1
    if field.kind is FieldKind.URL:
        return URL
    if field.name.endswith(("email", "Email")):
        return "admin@example.org"
    return "tilewire-" + field.name.rsplit(".", 1)[-1]


def sample_item(field: FormField) -> dict[str, Any]:
    """One item of a list field, its required fields filled."""
    return {f.name: sample(f) for f in field.item_fields if f.required}


def _set(config: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    """``config`` with ``path`` (dotted) set to ``value``, copied on the way down."""
    head, _, rest = path.partition(".")
    out = dict(config)
    if rest:
        out[head] = _set(dict(out.get(head) or {}), rest, value)
    else:
        out[head] = value
    return out


def _without(config: dict[str, Any], path: str) -> dict[str, Any]:
    head, _, rest = path.partition(".")
    out = dict(config)
    if rest:
        out[head] = _without(dict(out[head]), rest)
    else:
        out.pop(head, None)
    return out


def corpus(integration: Integration[Any]) -> list[Case]:
    """Valid and invalid configs of ``integration``."""
    form = integration.form()
    sets = integration.credential_alternatives()
    first_fields = sets[0][3]
    cases: list[Case] = []

    def case(name: str, config: Any, valid: bool) -> None:
        cases.append(Case(integration.id, name, config, valid))

    def filled(fields: list[FormField], every: bool = False) -> dict[str, Any]:
        return {f.name.split(".", 1)[1]: sample(f) for f in fields if f.required or every}

    base: dict[str, Any] = {"url": URL}
    extra_fields = [f for f in form if f.group == "extra"]
    needed_extra = [f for f in extra_fields if f.required and f.name.count(".") == 1]
    if needed_extra:
        base["extra"] = filled_extra(needed_extra)
    if any(f.required for f in first_fields):
        base["credentials"] = filled(first_fields)
        case("url alone, and the first credential set needs fields", {"url": URL}, False)
    else:
        case("url alone", {"url": URL}, not needed_extra)
    case("minimal", base, True)
    case("no url", {k: v for k, v in base.items() if k != "url"}, False)
    if needed_extra:
        case("no extra, which has required fields", _without(base, "extra"), False)
    case("not an object", [base], False)

    # connection fields
    every = {
        **base,
        "url": "https://[fd00::10]:8443/sub/path/",
        "verifyTls": False,
        "timeout": 300,
        "connectTimeout": 0.5,
        "pinnedSha256": PIN.lower(),
        "caBundle": "  ",
    }
    case("every connection field", every, True)
    for url in ("HTTP://nas.lan", "http://nas.lan:65535/", "https://x.example.org/a/b"):
        case(f"url {url}", {**base, "url": url}, True)
    # a unix socket: only where the integration declares it
    [url_field] = [f for f in form if f.name == "url"]
    sockets = "unix" in url_field.url_schemes
    case("url: a unix socket", {**base, "url": "unix:///var/run/docker.sock"}, sockets)
    case("url: a unix socket, any case", {**base, "url": "UNIX:///run/x.sock"}, sockets)
    for url, why in (
        ("unix://docker/var/run/docker.sock", "a unix socket with a host"),
        ("unix://var/run/docker.sock", "a unix socket path that is not absolute"),
        ("unix:///var/run/", "a unix socket path that is a directory"),
        ("unix:///var/run/docker.sock?x=1", "a unix socket with a query string"),
        ("unix:///" + "a" * 107, "a unix socket path too long for a socket address"),
        ("unix:///var/run/a b.sock", "a unix socket path with a space"),
        ("ftp://nas.lan", "another scheme"),
        ("nas.lan:8080", "no scheme"),
        ("http://user:pw@nas.lan", "credentials in the URL"),
        ("http://nas.lan/#top", "a fragment"),
        ("http://nas.lan:70000", "a port beyond 65535"),
        ("http://", "no host"),
        (5, "a number"),
        (None, "null"),
    ):
        case(f"url: {why}", {**base, "url": url}, False)
    # a service's base URL has no query string; the exact URL of a generic integration may
    takes_query = integration.config_model.url_takes_query
    case("url: a query string", {**base, "url": "http://nas.lan/?apikey=1"}, takes_query)
    case("url: a query and a fragment", {**base, "url": "http://nas.lan/?a=1#top"}, False)
    for name, value in (
        ("timeout", 0),
        ("timeout", 300.5),
        ("timeout", "10"),
        ("connectTimeout", -1),
        ("verifyTls", "true"),
        ("verifyTls", 1),
        ("pinnedSha256", "abc"),
        ("pinnedSha256", PIN + ":AB"),
        ("caBundle", "hello"),
        ("caBundle", PEM_WITH_KEY),
        ("caBundle", 5),
        ("bogus", 1),
    ):
        case(f"{name}: {value!r:.30}", {**base, name: value}, False)
    case("pinnedSha256 blank", {**base, "pinnedSha256": " "}, True)
    case("pinnedSha256 null", {**base, "pinnedSha256": None}, True)

    # credentials: each set, with its type and (when it needs fields) without
    for tag, _, _, fields in sets:
        with_type = {**base, "credentials": {"type": tag, **filled(fields)}}
        case(f"credentials {tag}", with_type, True)
        case(
            f"credentials {tag}, every field",
            {**base, "credentials": {"type": tag, **filled(fields, every=True)}},
            True,
        )
        case(
            f"credentials {tag} and an unknown field",
            _set(with_type, "credentials.bogus", "x"),
            False,
        )
        for field in fields:
            if field.required:
                case(
                    f"credentials {tag} without {field.name}",
                    _without(with_type, field.name),
                    False,
                )
                if field.kind in (FieldKind.STRING, FieldKind.SECRET) and field.min_length:
                    case(
                        f"credentials {tag} with {field.name} blank",
                        _set(with_type, field.name, "   "),
                        False,
                    )
                case(
                    f"credentials {tag} with {field.name} a number",
                    _set(with_type, field.name, 5),
                    False,
                )
        needed = filled(fields)
        if needed:
            # the server takes the first set whose required fields are all given
            inferred = next(fs for _, _, _, fs in sets if _needs(fs) and _needs(fs) <= {*needed})
            own = {f.name.split(".", 1)[1] for f in inferred}
            case(
                f"credentials {tag}'s fields without type",
                {**base, "credentials": needed},
                {*needed} <= own,
            )
    for value, why in (
        ({"type": "bogus"}, "an unknown type"),
        ({"type": 5}, "a type that is not a string"),
        ("apiKey", "not an object"),
        (None, "null"),
        ({"bogus": "x"}, "an unknown field and no type"),
    ):
        case(f"credentials: {why}", {**base, "credentials": value}, False)

    # extra settings
    if extra_fields:
        every_extra = {**base, "extra": filled_extra(extra_fields)}
        case("extra: every field", every_extra, True)
        case("extra: an unknown field", _set(base, "extra.bogus", 1), False)
        case("extra: not an object", {**base, "extra": "x"}, False)
        for field in extra_fields:
            # a field of a nested settings object is tried with its siblings filled
            start = every_extra if field.name.count(".") > 1 else base
            for value, valid, why in bad_and_good(field):
                case(f"{field.name}: {why}", _set(start, field.name, value), valid)
    return cases


def _needs(fields: list[FormField]) -> set[str]:
    return {f.name.split(".", 1)[1] for f in fields if f.required}


def filled_extra(fields: list[FormField]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in fields:
        out = _set(out, f.name.split(".", 1)[1], sample(f))
    return out


def bad_and_good(field: FormField) -> list[tuple[Any, bool, str]]:
    """Values of one extra field: (value, valid, why)."""
    out: list[tuple[Any, bool, str]] = []
    out += [(v, False, f"pattern refuses {v!r:.30}") for v in BAD_PATTERN.get(field.name, [])]
    out += [(v, True, f"pattern accepts {v!r:.30}") for v in GOOD_PATTERN.get(field.name, [])]
    if field.kind is FieldKind.SELECT:
        out.append(("bogus", False, "not an option"))
        out += [(option, True, f"option {option}") for option in field.options]
    if field.kind is FieldKind.NUMBER:
        if field.minimum is not None:
            out += [(field.minimum, True, "the minimum"), (field.minimum - 1, False, "below")]
        if field.maximum is not None:
            out += [(field.maximum, True, "the maximum"), (field.maximum + 1, False, "above")]
        out.append(("5", False, "a string"))
        if field.step == 1:
            out.append((2.5, False, "a fraction"))
    if field.kind is FieldKind.BOOLEAN:
        out += [("yes", False, "a string"), (False, True, "false")]
    if field.kind is FieldKind.LIST:
        item = sample_item(field)
        out += [("x", False, "not a list"), ([item], True, "one item"), (["x"], False, "a string")]
        out.append(([{**item, "bogus": 1}], False, "an item with an unknown field"))
        if field.min_items:
            out.append(([], False, "empty"))
        if field.max_items is not None:
            out.append(([item] * (field.max_items + 1), False, "too many items"))
        for sub in field.item_fields:
            if sub.required:
                without = {k: v for k, v in item.items() if k != sub.name}
                out.append(([without], False, f"an item without {sub.name}"))
    if field.kind is FieldKind.STRING:
        out.append((5, False, "a number"))
        if field.max_length is not None:
            out.append(("x" * (field.max_length + 1), False, "too long"))
        if field.min_length:
            out.append(("  ", False, "blank"))
    return out
