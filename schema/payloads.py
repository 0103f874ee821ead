"""GraphQL object types generated from the integrations' payload models (declared once, in
``integrations/``), and the ``Payload`` union of all of them."""

from __future__ import annotations

import types
from enum import Enum
from typing import Annotated, Any, Literal, NewType, Union, get_args, get_origin

import strawberry
from pydantic import BaseModel

from integrations.registry import registry

_types: dict[type[BaseModel], Any] = {}
_enums: set[type[Enum]] = set()

Long = NewType("Long", int)
LONG_SCALAR = strawberry.scalar(
    name="Long",
    serialize=int,
    parse_value=int,
    description="A 64-bit integer, as a JSON number: byte counts outgrow GraphQL's 32-bit Int.",
)
"""Mapped to ``Long`` in the schema's config (``scalar_map``)."""


def _long(annotation: Any) -> Any:
    """``annotation`` as GraphQL can carry it: every ``int`` a ``Long``, a ``Literal`` of
    strings a ``String`` (its values are documented by the payload model)."""
    if annotation is int:
        return Long
    origin = get_origin(annotation)
    if origin is Literal:
        values = get_args(annotation)
        return str if all(isinstance(v, str) for v in values) else annotation
    args = get_args(annotation)
    if not args or not any(_long(a) is not a for a in args):
        return annotation
    if origin in (Union, types.UnionType):
        return Union[tuple(_long(a) for a in args)]  # noqa: UP007 - built at run time
    if origin is list:
        return list[_long(args[0])]  # type: ignore[misc]
    return annotation


def _nested(annotation: Any) -> list[Any]:
    found: list[Any] = []
    stack = [annotation]
    while stack:
        item = stack.pop()
        if isinstance(item, type) and issubclass(item, (BaseModel, Enum)):
            found.append(item)
        else:
            stack.extend(get_args(item))
    return found


def _graphql(annotation: Any) -> Any:
    """A payload field's annotation with every nested payload model replaced by its type."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _types[annotation]
    args = get_args(annotation)
    if not args:
        return annotation
    origin = get_origin(annotation)
    if origin in (Union, types.UnionType):
        return Union[tuple(_graphql(a) for a in args)]  # noqa: UP007 - built at run time
    if origin is list:
        return list[_graphql(args[0])]  # type: ignore[misc]
    return annotation


def graphql_type(model: type[BaseModel]) -> Any:
    """The Strawberry type of a payload model (built once; nested models and enums first).

    Fields keep the model's names as it serialises them (its aliases), its field descriptions
    and its docstring; a resolver returns the pydantic instance itself."""
    known = _types.get(model)
    if known is not None:
        return known
    for info in model.model_fields.values():
        for nested in _nested(info.annotation):
            if issubclass(nested, BaseModel):
                graphql_type(nested)
            elif nested not in _enums:
                strawberry.enum(nested)
                _enums.add(nested)
    namespace: dict[str, Any] = {
        "__annotations__": {
            name: _graphql(_long(info.annotation)) for name, info in model.model_fields.items()
        },
        "is_type_of": classmethod(lambda _cls, obj, _info: isinstance(obj, model)),
    }
    for name, info in model.model_fields.items():
        namespace[name] = strawberry.field(name=info.alias, description=info.description)
    shell = types.new_class(model.__name__, exec_body=lambda ns: ns.update(namespace))
    created = strawberry.type(shell, description=(model.__doc__ or "").strip() or None)
    _types[model] = created
    return created


def payload_models() -> list[type[BaseModel]]:
    """Every endpoint payload model of every registered integration, unique by name."""
    by_name: dict[str, type[BaseModel]] = {}
    for integration in registry.all():
        for endpoint in integration.endpoints.values():
            seen = by_name.setdefault(endpoint.payload.__name__, endpoint.payload)
            if seen is not endpoint.payload:
                raise TypeError(
                    f"two payload models are named {seen.__name__}: "
                    f"{seen.__module__} and {endpoint.payload.__module__}"
                )
    return [by_name[name] for name in sorted(by_name)]


def payload_union() -> Any:
    members = tuple(graphql_type(model) for model in payload_models())
    if not members:
        raise TypeError("no integration declares an endpoint")
    return Annotated[
        Union[members],  # noqa: UP007 - built at run time
        strawberry.union("Payload", description="The typed payload of an endpoint."),
    ]


def payload_type_enum() -> Any:
    """The names of the payload types as a GraphQL enum, generated from the registry: each
    value is the ``__typename`` of a Payload member."""
    names = [model.__name__ for model in payload_models()]
    members = Enum("PayloadType", {name: name for name in names})  # type: ignore[misc]
    return strawberry.enum(members, description="The name of a Payload union member.")
