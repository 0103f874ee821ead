"""GraphQL object types generated from the integrations' payload models (declared once, in
``integrations/``), and the ``Payload`` union and ``PayloadType`` enum of all of them."""

from __future__ import annotations

import types
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum
from types import MappingProxyType
from typing import Annotated, Any, Literal, NewType, Optional, Union, get_args, get_origin

import strawberry
from pydantic import BaseModel
from strawberry.annotation import StrawberryAnnotation
from strawberry.types.base import StrawberryOptional
from strawberry.types.field import StrawberryField

from integrations.types import Integration

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


def payload_models(integrations: Iterable[Integration[Any]]) -> list[type[BaseModel]]:
    """Every endpoint payload model of ``integrations``, unique by name, sorted by name."""
    by_name: dict[str, type[BaseModel]] = {}
    for integration in integrations:
        for endpoint in integration.endpoints.values():
            seen = by_name.setdefault(endpoint.payload.__name__, endpoint.payload)
            if seen is not endpoint.payload:
                raise TypeError(
                    f"two payload models are named {seen.__name__}: "
                    f"{seen.__module__} and {endpoint.payload.__module__}"
                )
    return [by_name[name] for name in sorted(by_name)]


_BUILT_TYPE = "tilewire_built_type"
PAYLOAD_UNION = MappingProxyType({_BUILT_TYPE: "Payload"})
"""``metadata`` of a field typed as the schema's Payload union (its Python annotation, a
``BaseModel``, says what the resolver returns)."""
PAYLOAD_TYPE_ENUM = MappingProxyType({_BUILT_TYPE: "PayloadType"})
"""``metadata`` of a field typed as the schema's PayloadType enum (annotated ``str``: the name
of a payload model)."""


@dataclass(frozen=True)
class PayloadTypes:
    """The ``Payload`` union and ``PayloadType`` enum of one schema.

    They list every payload model of the integrations registered when the schema is built,
    plugins included, so they are built then (``build_schema``), not when ``schema`` is
    imported. The fields that carry them are declared with ``metadata=PAYLOAD_UNION`` or
    ``PAYLOAD_TYPE_ENUM``; the schema's ``get_fields`` serves them typed by ``typed``."""

    union: Any
    enum: Any

    @classmethod
    def of(cls, integrations: Iterable[Integration[Any]]) -> PayloadTypes:
        models = payload_models(integrations)
        if not models:
            raise TypeError("no integration declares an endpoint")
        union: Any = Annotated[
            Union[tuple(graphql_type(model) for model in models)],  # noqa: UP007 - built at run time
            strawberry.union("Payload", description="The typed payload of an endpoint."),
        ]
        names = Enum("PayloadType", {m.__name__: m.__name__ for m in models})  # type: ignore[misc]
        enum = strawberry.enum(names, description="The name of a Payload union member.")
        return cls(union=union, enum=enum)

    def typed(self, field: StrawberryField) -> StrawberryField:
        """``field`` as this schema serves it: a copy typed with the union or the enum if its
        metadata asks for one (nullable if its annotation is), else ``field`` itself."""
        wanted = field.metadata.get(_BUILT_TYPE) if field.metadata else None
        if wanted is None:
            return field
        built = {"Payload": self.union, "PayloadType": self.enum}[wanted]
        if isinstance(field.type, StrawberryOptional):
            built = Optional[built]  # noqa: UP045 - built at run time
        copy = field.__copy__()
        copy.type_annotation = StrawberryAnnotation(built)
        return copy
