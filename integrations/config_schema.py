"""An integration's config as a frontend sees it: the JSON Schema its form validates with, and
the typed field list it renders, both read from the pydantic models the server validates with.

The schema is JSON Schema 2020-12 that compiles under ajv's strict mode (``new
Ajv2020({strict: true})``, no formats, no keywords of our own) and accepts what the server
accepts: the URL's scheme and shape, every bound, each credential set, which fields are
required when a section is left out. What it cannot say is listed in its ``$comment``
(SERVER_ONLY): the address policy, which the server's settings decide, and whether a PEM
bundle parses. ``credentials.type`` picks the credential set (each set's schema has it as a
``const``); without it, the server picks the first set whose required fields are all present,
else the first set, and the schema says the same with ``if``/``then``/``else``.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import replace
from enum import Enum
from typing import Any, get_args, get_origin

from pydantic.fields import FieldInfo

from integrations.config import (
    UNIX_SCHEME,
    URL_PATTERN,
    ConfigModel,
    Connection,
    Credentials,
    FieldKind,
    FormField,
    ServiceConfig,
    _unwrap_optional,
    kind_and_options,
    tag_of,
    takes_socket,
)

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
URL_SCHEMES = ("http", "https")
SOCKET_URL_SCHEMES = (*URL_SCHEMES, UNIX_SCHEME)
URL_WITH_QUERY_PATTERN = URL_PATTERN.removesuffix("$") + r"(?:\?[^\s#]*)?$"
"""The URL of a config whose ``url_takes_query``: a query string allowed, still no fragment."""
NOT_BLANK = r"\S"
"""The pattern of a required string: the server strips whitespace before measuring it."""
SERVER_ONLY = (
    "Checked by the server only: that the URL's host is an address Tilewire's address policy "
    "allows (link-local and cloud metadata addresses are refused unless the server's settings "
    "allow them), that caBundle parses as PEM certificates, that a client certificate and its "
    "private key parse and belong together, and what an integration's own settings say of "
    "themselves in their help: that a text parses as what it holds (JSON, a selector, a regular "
    "expression), and that a value needs the setting it goes with."
)
_FORM_KEYWORDS = ("label", "multiline", "kind", "format")
"""Form metadata (in the typed field list) and formats ajv does not know: not in the schema."""
_NAMED_SCHEMAS = ("properties", "$defs", "patternProperties")
"""Keywords whose value maps names to schemas: the names are kept whatever they are."""


def _clean(node: Any) -> Any:
    """The pydantic schema ``node`` as strict ajv takes it: a field's label as its title, form
    metadata dropped, ``format: uri`` stated as URL_PATTERN, string keywords moved into the
    string member of an ``anyOf`` (an optional field), blank strings refused where a minimum
    length is (the server strips whitespace)."""
    if isinstance(node, list):
        return [_clean(item) for item in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {
        # a property's name is not a keyword: a field named "kind" or "format" stays
        key: {name: _clean(sub) for name, sub in value.items()}
        if key in _NAMED_SCHEMAS and isinstance(value, dict)
        else _clean(value)
        for key, value in node.items()
    }
    if "label" in out:
        out["title"] = out["label"]
    if out.get("format") == "uri" and "pattern" not in out:
        out["pattern"] = URL_PATTERN
    for key in _FORM_KEYWORDS:
        out.pop(key, None)
    members = out.get("anyOf")
    if isinstance(members, list):
        strings = [m for m in members if isinstance(m, dict) and m.get("type") == "string"]
        for key in ("pattern", "minLength", "maxLength"):
            if key in out and strings:
                strings[0][key] = out.pop(key)
    if out.get("type") == "string" and out.get("minLength", 0) >= 1 and "pattern" not in out:
        out["pattern"] = NOT_BLANK
    return out


def _required_names(schema: dict[str, Any]) -> list[str]:
    required = schema.get("required", [])
    return [name for name in required if name != "type"]


def _credentials_schema(
    defs: dict[str, Any], refs: list[str], tags: list[str], description: str
) -> dict[str, Any]:
    """The ``credentials`` section: ``type`` picks the set; without it, the first set whose
    required fields are all present, else the first set (as the server's discriminator)."""
    names = [ref.rsplit("/", 1)[-1] for ref in refs]
    for name, tag in zip(names, tags, strict=True):
        defs[name]["properties"]["type"] = {"type": "string", "const": tag, "default": tag}
    inferred: dict[str, Any] = {"$ref": refs[0]}
    for ref, name in reversed(list(zip(refs, names, strict=True))):
        needs = _required_names(defs[name])
        if needs:
            inferred = {"if": {"required": needs}, "then": {"$ref": ref}, "else": inferred}
    known = {
        field for name in names for field in defs[name].get("properties", {}) if field != "type"
    }
    picks: list[dict[str, Any]] = [
        {
            "if": {"properties": {"type": {"const": tag}}, "required": ["type"]},
            "then": {"$ref": ref},
        }
        for ref, tag in zip(refs, tags, strict=True)
    ]
    picks.append({"if": {"not": {"required": ["type"]}}, "then": inferred})
    return {
        "title": "Credentials",
        "description": description,
        "type": "object",
        "properties": {
            "type": {"type": "string", "enum": tags},
            **{field: True for field in sorted(known)},
        },
        "allOf": picks,
    }


def config_json_schema(
    model: type[ServiceConfig],
    credential_sets: Sequence[type[Credentials]],
    extra: type[ConfigModel] | None,
) -> dict[str, Any]:
    """The JSON Schema of one integration's whole config (see the module's docstring)."""
    schema: dict[str, Any] = _clean(model.model_json_schema(by_alias=True))
    defs: dict[str, Any] = schema.setdefault("$defs", {})
    properties: dict[str, Any] = schema["properties"]
    if model.url_takes_query:
        properties["url"]["pattern"] = URL_WITH_QUERY_PATTERN
    credentials = properties["credentials"]
    refs = [m["$ref"] for m in credentials.get("oneOf", [credentials])]
    tags = [tag_of(m) for m in credential_sets]
    description = (
        "One of the credential sets, picked by credentials.type: "
        + ", ".join(f"{tag} ({m.label})" for tag, m in zip(tags, credential_sets, strict=True))
        + f". Without credentials.type, the first set whose required fields are all given, "
        f"else {tags[0]}."
    )
    properties["credentials"] = _credentials_schema(defs, refs, tags, description)
    required: list[str] = list(schema.get("required", []))
    first = defs[refs[0].rsplit("/", 1)[-1]]
    if _required_names(first):
        required.append("credentials")  # left out, it is the first set, which needs fields
    if extra is not None and any(info.is_required() for info in extra.model_fields.values()):
        required.append("extra")
    schema["required"] = required
    return {"$schema": SCHEMA_DIALECT, "$comment": SERVER_ONLY, **schema}


# --- the typed field list -----------------------------------------------------------------


def _bounds(prop: dict[str, Any]) -> dict[str, Any]:
    """A form field's bounds, read from its property in the config schema."""
    for member in prop.get("anyOf", []):
        if isinstance(member, dict) and member.get("type") != "null":
            prop = {**prop, **member}
    found: dict[str, Any] = {
        "minimum": prop.get("minimum"),
        "maximum": prop.get("maximum"),
        "exclusive_minimum": prop.get("exclusiveMinimum"),
        "exclusive_maximum": prop.get("exclusiveMaximum"),
        "min_length": prop.get("minLength"),
        "max_length": prop.get("maxLength"),
        "pattern": prop.get("pattern"),
    }
    if prop.get("type") == "integer":
        found["step"] = 1
    return found


def _schemes(info: FieldInfo) -> tuple[str, ...]:
    """The schemes a URL field takes: a unix socket's too where the integration declares it."""
    return SOCKET_URL_SCHEMES if takes_socket(info) else URL_SCHEMES


def _model_of(annotation: Any) -> type[ConfigModel] | None:
    annotation = _unwrap_optional(annotation)
    if isinstance(annotation, type) and issubclass(annotation, ConfigModel):
        return annotation
    return None


def _list_item_model(annotation: Any) -> type[ConfigModel] | None:
    annotation = _unwrap_optional(annotation)
    if get_origin(annotation) in (list, tuple):
        args = [arg for arg in get_args(annotation) if arg is not Ellipsis]
        if len(args) == 1:
            return _model_of(args[0])
    return None


def _section_fields(
    model: type[ConfigModel],
    props: dict[str, Any],
    prefix: str,
    group: str,
    defs: dict[str, Any] | None = None,
) -> list[FormField]:
    """The form fields of ``model``'s fields: a nested settings object is flattened into its
    fields (``extra.list.selector``), a list of objects is one ``list`` field whose
    ``item_fields`` are the form of one item (``defs``: the schema's ``$defs``, where both
    models' properties are)."""
    defs = defs if defs is not None else {}
    out: list[FormField] = []
    for name, info in model.model_fields.items():
        if name in ("type", "credentials", "extra"):
            continue
        alias = info.alias or name
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        nested = _model_of(info.annotation)
        if nested is not None:
            own = defs.get(nested.__name__, {}).get("properties", {})
            out += _section_fields(nested, own, f"{prefix}{alias}.", group, defs)
            continue
        item = _list_item_model(info.annotation)
        if item is not None:
            prop = props.get(alias, {})
            for member in prop.get("anyOf", []):
                if isinstance(member, dict) and member.get("type") == "array":
                    prop = {**prop, **member}
            own = defs.get(item.__name__, {}).get("properties", {})
            out.append(
                FormField(
                    name=prefix + alias,
                    label=str(extra.get("label", name)),
                    kind=FieldKind.LIST,
                    required=info.is_required(),
                    group=group,
                    help=info.description or "",
                    item_fields=tuple(_section_fields(item, own, "", group, defs)),
                    min_items=prop.get("minItems"),
                    max_items=prop.get("maxItems"),
                )
            )
            continue
        kind, options = kind_and_options(info)
        default = None if info.is_required() else info.default
        if isinstance(default, Enum):
            default = default.value
        out.append(
            FormField(
                name=prefix + alias,
                label=str(extra.get("label", name)),
                kind=kind,
                required=info.is_required(),
                group=group,
                default=None if kind is FieldKind.SECRET else default,
                help=info.description or "",
                options=options,
                multiline=bool(extra.get("multiline", False)),
                url_schemes=_schemes(info) if kind is FieldKind.URL else (),
                **_bounds(props.get(alias, {})),
            )
        )
    return out


def config_form(
    schema: dict[str, Any],
    credential_sets: Sequence[type[Credentials]],
    extra: type[ConfigModel] | None,
    *,
    picker: bool = False,
    connection: type[ConfigModel] = Connection,
) -> list[FormField]:
    """The typed field list of a config form, grouped by section (connection, with ``picker``
    the ``credentials.type`` select that picks a set, each set's fields, extra), with the
    bounds ``schema`` (the config's JSON Schema) states; ``connection``: the model whose
    connection fields (labels, help) the form shows."""
    defs = schema.get("$defs", {})
    properties = schema["properties"]
    fields = _section_fields(connection, properties, "", "connection")
    if picker:
        fields.append(credentials_picker(credential_sets))
    for model in credential_sets:
        props = defs.get(model.__name__, {}).get("properties", {})
        fields += _section_fields(
            model, props, "credentials.", f"credentials:{tag_of(model)}", defs
        )
    if extra is not None:
        props = defs.get(extra.__name__, {}).get("properties", {})
        fields += _section_fields(extra, props, "extra.", "extra", defs)
    return fields


def credentials_picker(credential_sets: Sequence[type[Credentials]]) -> FormField:
    """The ``credentials.type`` select: its value picks the credential set."""
    tags = tuple(tag_of(m) for m in credential_sets)
    return FormField(
        name="credentials.type",
        label="Credentials",
        kind=FieldKind.SELECT,
        required=False,
        group="credentials",
        default=tags[0],
        help="Which credential set the service takes; its fields are those of the group "
        "credentials:<type>.",
        options=tags,
        discriminator=True,
    )


def alternatives(
    credential_sets: Sequence[type[Credentials]], form: Sequence[FormField]
) -> list[tuple[str, str, str, list[FormField]]]:
    """Each credential set as (type, label, description, its fields of ``form``)."""
    out = []
    for model in credential_sets:
        tag = tag_of(model)
        doc = " ".join((model.__doc__ or "").split())
        own = [replace(f) for f in form if f.group == f"credentials:{tag}"]
        out.append((tag, model.label, doc, own))
    return out


def fresh(schema: dict[str, Any]) -> dict[str, Any]:
    """A copy a caller may change (the schema is built once per integration)."""
    return copy.deepcopy(schema)


# --- action inputs ------------------------------------------------------------------------


def input_json_schema(model: type[ConfigModel]) -> dict[str, Any]:
    """The JSON Schema (2020-12) of an action's input, as strict ajv takes it."""
    schema: dict[str, Any] = _clean(model.model_json_schema(by_alias=True))
    schema.setdefault("properties", {})
    schema["additionalProperties"] = False
    return {"$schema": SCHEMA_DIALECT, **schema}


def input_form(model: type[ConfigModel], schema: dict[str, Any]) -> list[FormField]:
    """The typed field list of an action's input form (group ``input``), with the bounds its
    JSON Schema ``schema`` states."""
    return _section_fields(
        model, schema.get("properties", {}), "", "input", schema.get("$defs", {})
    )
