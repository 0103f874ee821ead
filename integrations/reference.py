"""The integration reference (docs/integrations.md), generated from the registry's metadata."""

from __future__ import annotations

import types
from pathlib import Path
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel

from integrations.config import FormField
from integrations.registry import registry
from integrations.types import Integration

NOTES_DIR = Path(__file__).resolve().parent.parent / "docs" / "notes"


def _type_name(annotation: Any) -> str:
    origin = get_origin(annotation)
    if origin in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        return " | ".join(_type_name(a) for a in args) + (
            "?" if len(args) < len(get_args(annotation)) else ""
        )
    if origin is list:
        return f"list of {_type_name(get_args(annotation)[0])}"
    return getattr(annotation, "__name__", str(annotation))


def _payload_rows(model: type[BaseModel], seen: set[type[BaseModel]]) -> list[str]:
    summary = (model.__doc__ or "").strip().splitlines()
    rows = [f"`{model.__name__}`: {summary[0] if summary else ''}", ""]
    rows += ["| field | type | meaning |", "|---|---|---|"]
    nested: list[type[BaseModel]] = []
    for name, info in model.model_fields.items():
        rows.append(
            f"| `{info.alias or name}` | {_type_name(info.annotation)} | {info.description or ''} |"
        )
        stack = [info.annotation]
        while stack:
            item = stack.pop()
            if isinstance(item, type) and issubclass(item, BaseModel):
                if item not in seen:
                    seen.add(item)
                    nested.append(item)
            else:
                stack.extend(get_args(item))
    rows.append("")
    for inner in nested:
        rows += _payload_rows(inner, seen)
    return rows


def _field_row(field: FormField) -> str:
    required = "yes" if field.required else ""
    default = "" if field.default in (None, "") else f"`{field.default}`"
    options = f" ({', '.join(field.options)})" if field.options else ""
    return (
        f"| `{field.name}` | {field.label} | {field.kind.value}{options} | {required} | "
        f"{default} | {field.help} |"
    )


def integration_section(integration: Integration[Any]) -> list[str]:
    lines = [f"## {integration.name} (`{integration.id}`)", ""]
    lines.append(f"Categories: {', '.join(integration.categories)}. ")
    lines.append(f"API documentation: <{integration.docs_url}>. ")
    if integration.default_port:
        lines.append(f"Default port: {integration.default_port}. ")
    lines.append(f"Verification: {integration.verification}")
    lines += [
        "",
        "Credential sets (pick one with `credentials.type`): "
        + ", ".join(
            f"`{tag}` ({label})" for tag, label, _, _ in integration.credential_alternatives()
        ),
        "",
    ]
    own = [f for f in integration.form() if f.group != "connection" and not f.discriminator]
    if own:
        lines += [
            "| config field | label | kind | required | default | help |",
            "|---|---|---|---|---|---|",
        ]
        lines += [_field_row(f) for f in own]
        lines.append("")
    lines += [
        "| endpoint | name | payload | TTL (s) | min refresh (s) | description |",
        "|---|---|---|---|---|---|",
    ]
    for e in integration.endpoints.values():
        lines.append(
            f"| `{e.id}` | {e.name} | `{e.payload.__name__}` | {e.ttl:g} | {e.min_refresh:g} | "
            f"{e.description} |"
        )
    lines.append("")
    if integration.actions:
        lines += [
            "| action | label | input | affects | destructive | description |",
            "|---|---|---|---|---|---|",
        ]
        for a in integration.actions.values():
            fields = ", ".join(f"`{f.name}`" for f in a.form()) or "none"
            affects = ", ".join(f"`{e}`" for e in a.affects)
            destructive = "yes" if a.destructive else ""
            lines.append(
                f"| `{a.id}` | {a.label} | {fields} | {affects} | {destructive} | {a.description} |"
            )
        lines.append("")
    notes = NOTES_DIR / f"{integration.id}.md"
    if notes.exists():
        lines += [notes.read_text().strip(), ""]
    return lines


def render() -> str:
    """The whole reference as Markdown."""
    shipped = [i for i in registry.all() if type(i).__module__.startswith("integrations.")]
    lines = [
        "# Integration reference",
        "",
        "Generated from the integration registry by `tilewire integration-docs`; a test fails",
        "when it is stale. Hand-written notes come from `docs/notes/<id>.md`.",
        "",
        "Every integration shares the connection fields:",
        "",
        "| config field | label | kind | required | default | help |",
        "|---|---|---|---|---|---|",
    ]
    if shipped:
        lines += [_field_row(f) for f in shipped[0].form() if f.group == "connection"]
    lines += ["", "| integration | categories | verification |", "|---|---|---|"]
    lines += [
        f"| [{i.name}](#{i.name.lower().replace(' ', '-').replace('.', '')}-{i.id}) | "
        f"{', '.join(i.categories)} | {i.verification} |"
        for i in shipped
    ]
    lines.append("")
    for integration in shipped:
        lines += integration_section(integration)
    lines += ["# Payload types", ""]
    seen: set[type[BaseModel]] = set()
    payloads = sorted(
        {e.payload for i in shipped for e in i.endpoints.values()}, key=lambda m: m.__name__
    )
    seen.update(payloads)
    for model in payloads:
        lines += _payload_rows(model, seen)
    return "\n".join(lines).rstrip() + "\n"


README_START = "<!-- integrations:start (generated by tilewire integration-docs) -->"
README_END = "<!-- integrations:end -->"


def readme_table() -> str:
    """The README's integration table: endpoints, actions and how each integration was verified."""
    shipped = [i for i in registry.all() if type(i).__module__.startswith("integrations.")]
    rows = ["| integration | endpoints | actions | verification |", "|---|---|---|---|"]
    for i in shipped:
        endpoints = ", ".join(f"`{e.id}` ({e.payload.__name__})" for e in i.endpoints.values())
        actions = ", ".join(f"`{a}`" for a in i.actions)
        rows.append(f"| {i.name} | {endpoints} | {actions} | {i.verification} |")
    return "\n".join(rows)


def with_readme_table(readme: str) -> str:
    """``readme`` with the text between the markers replaced by the current table."""
    head, _, rest = readme.partition(README_START)
    _, _, tail = rest.partition(README_END)
    return f"{head}{README_START}\n{readme_table()}\n{README_END}{tail}"
