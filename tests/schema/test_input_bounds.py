"""Every integer a client can send is bounded: walked from the schema, each Int input is tried
beyond GraphQL's 32 bits (a typed BAD_USER_INPUT error naming it, not INTERNAL_ERROR) and
beyond its own bound (ValidationErrors naming the field)."""

from __future__ import annotations

from typing import Any

import pytest
from graphql import (
    GraphQLArgument,
    GraphQLInputField,
    GraphQLInputObjectType,
    GraphQLNamedType,
    get_named_type,
)

from schema.schema import build_schema
from tests.schema.test_apps import CREATE, UPDATE, create, errors_of
from tests.schema.test_widgets import CREATE_WIDGET, UPDATE_WIDGET, create_widget
from tests.support.api import Api

MUTATION_INT_INPUTS = {
    "createApp(input.sortOrder)",
    "updateApp(input.sortOrder)",
    "createWidget(input.position)",
    "updateWidget(input.position)",
}
INT_INPUTS = MUTATION_INT_INPUTS | {"integrationData(refreshInterval)", "actionLog(first)"}
"""Every Int a client can send, found by walking the schema; a new one gets a case below (the
subscription's, clamped rather than refused beyond its bounds, in test_subscription_interval;
actionLog's page size, refused beyond 1 to 100, in test_actions)."""


def int_inputs() -> set[str]:
    schema = build_schema()._schema
    found: set[str] = set()

    def walk(where: str, path: str, kind: GraphQLNamedType, seen: frozenset[str]) -> None:
        if kind.name == "Int":
            found.add(f"{where}({path})")
        elif isinstance(kind, GraphQLInputObjectType) and kind.name not in seen:
            fields: dict[str, GraphQLInputField] = kind.fields
            for name, child in fields.items():
                walk(where, f"{path}.{name}", get_named_type(child.type), seen | {kind.name})

    for root in (schema.query_type, schema.mutation_type, schema.subscription_type):
        assert root is not None
        for field_name, field in root.fields.items():
            arguments: dict[str, GraphQLArgument] = field.args
            for arg_name, arg in arguments.items():
                walk(field_name, arg_name, get_named_type(arg.type), frozenset())
    return found


def test_every_int_input_is_known() -> None:
    assert int_inputs() == INT_INPUTS


async def cases(api: Api) -> dict[str, tuple[str, str, Any]]:
    """Each Int input: (document, result field, variables for a value)."""
    app_id = (await create(api))["id"]
    widget_id = (await create_widget(api, config={"note": {"text": "t"}}))["id"]
    return {
        "createApp(input.sortOrder)": (
            CREATE,
            "createApp",
            lambda v: {"input": {"name": "x", "sortOrder": v}},
        ),
        "updateApp(input.sortOrder)": (
            UPDATE,
            "updateApp",
            lambda v: {"id": app_id, "input": {"sortOrder": v}},
        ),
        "createWidget(input.position)": (
            CREATE_WIDGET,
            "createWidget",
            lambda v: {"input": {"position": v, "config": {"note": {"text": "t"}}}},
        ),
        "updateWidget(input.position)": (
            UPDATE_WIDGET,
            "updateWidget",
            lambda v: {"id": widget_id, "input": {"position": v}},
        ),
    }


@pytest.mark.parametrize("name", sorted(MUTATION_INT_INPUTS))
async def test_int_inputs_are_bounded(api: Api, name: str) -> None:
    document, result_field, variables = (await cases(api))[name]
    field = name.split(".")[-1].rstrip(")")
    for huge in (1_099_511_627_776, -(2**40), 2**63, 10**30):
        [error] = await api.errors(document, variables(huge))
        assert error["extensions"] == {"code": "BAD_USER_INPUT"}, error
        assert f".{field}" in error["message"] and "32-bit" in error["message"]
        assert str(huge) not in error["message"]
    for beyond in (2**31 - 1, -(2**31)):
        result = (await api.query(document, variables(beyond)))[result_field]
        assert set(errors_of(result)) == {field}
    response = await api.raw("{ apps { sortOrder } widgets { position } }")
    assert "1099511627776" not in response.text


async def test_a_bad_variable_is_typed_and_echoes_no_value(api: Api) -> None:
    canary = "canary-misplaced-8e1f2a"
    for variables in (
        {"input": {"name": "x", "apiKey": canary}},
        {"input": {"name": "x", "sortOrder": canary}},
        {"input": {"name": "x", "url": 5}},
        {"input": canary},
    ):
        [error] = await api.errors(CREATE, variables)
        assert error["extensions"] == {"code": "BAD_USER_INPUT"}, error
        assert error["message"].startswith("Variable '$input' has invalid value")
        assert canary not in error["message"]
    assert canary not in str(api.responses)
    link = {"link": {"url": "http://h", "target": "BANNER"}}
    [error] = await api.errors(CREATE_WIDGET, {"input": {"config": link}})
    assert error["extensions"] == {"code": "BAD_USER_INPUT"}
    assert (
        "at .config.link.target: Value 'BANNER' does not exist in 'LinkTarget' enum"
        in error["message"]
    )
