"""The fewest fields a response resolves, measured on the parsed document before validation:
never more than execution resolves, and enough to refuse 200 aliases of the integration
catalogue before they are validated."""

from __future__ import annotations

from typing import Any

import pytest
from graphql import parse

from integrations.registry import registry
from schema.document_limits import DocumentLimits
from schema.schema import build_schema

CATALOGUE = "integrations { id name categories endpoints { id name } configFields { name } }"


def resolved(value: Any) -> int:
    """Fields a response resolved: one per key of every object in it."""
    if isinstance(value, dict):
        return sum(1 + resolved(v) for v in value.values())
    if isinstance(value, list):
        return sum(resolved(v) for v in value)
    return 0


def floor(source: str) -> int | None:
    """The operation's floor, its catalogue fields (counted apart) included."""
    floors, catalogue = build_schema().documents.floor.both(parse(source))  # type: ignore[union-attr]
    [(name, only)] = floors.items()
    return only + catalogue[name]


@pytest.mark.parametrize(
    "source",
    [
        "{" + CATALOGUE + "}",
        "{ a: " + CATALOGUE + ' b: integration(id: "prometheus") { id endpoints { id } } }',
        "{ integrations { ...I } } fragment I on Integration { id ...J } "
        "fragment J on Integration { name endpoints { id } }",
        "{ integrations { ... on Integration { id } ... { name } } }",
    ],
)
async def test_the_floor_is_never_more_than_execution_resolves(source: str) -> None:
    schema = build_schema(DocumentLimits(max_result_fields=1_000_000))
    result = await schema.execute(source)
    assert result.errors is None, result.errors
    assert 0 < floor(source) <= resolved(result.data)  # type: ignore[operator]


def test_the_catalogue_counts_once_per_integration() -> None:
    count = len(registry.all())
    # integrations, and for each integration id, name, categories, endpoints, configFields:
    # the endpoints and config fields of one integration are not known without asking it
    assert floor("{" + CATALOGUE + "}") == 1 + count * 5
    assert floor("{" + " ".join(f"a{n}: {CATALOGUE}" for n in range(3)) + "}") == 3 * (
        1 + count * 5
    )


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        # filtered: may be empty
        ('{ integrations(category: "media") { id name } }', 1),
        # a nullable object may be null
        ('{ integration(id: "prometheus") { id name endpoints { id } } }', 1),
        # skipped or included as a variable says
        ("query($s: Boolean!) { integrations @skip(if: $s) { id } apps { id } }", 1),
        ("query($s: Boolean!) { integrations { id @include(if: $s) } }", 1),
        # a fragment on another type than the one it is spread in applies to some objects only
        ("{ integrations { ... on Endpoint { id } } }", 1),
        # unknown fields are validation's business
        ("{ integrations { nope } nope }", 1),
        # introspection has an allowance of its own
        ("{ __schema { types { name } } __typename }", 0),
        # a cycle of fragments (validation reports it) is measured and ends
        ("{ ...A } fragment A on Query { ...B me { role } } fragment B on Query { ...A }", 2),
        ('subscription { integrationData(appId: "1", endpointId: "q") { stale } }', 0),
    ],
)
def test_what_may_resolve_nothing_counts_nothing(source: str, expected: int) -> None:
    assert floor(source) == expected


async def test_only_the_operation_that_runs_is_measured() -> None:
    schema = build_schema()
    big = " ".join(f"a{n}: {CATALOGUE}" for n in range(200))  # over the catalogue's allowance
    source = 'query Small { integration(id: "prometheus") { id } } query Big { ' + big + " }"
    small = await schema.execute(source, operation_name="Small")
    assert small.errors is None
    refused = await schema.execute(source, operation_name="Big")
    assert refused.data is None
    [error] = refused.errors or []
    assert error.extensions == {"code": "QUERY_TOO_COMPLEX"}
    assert error.message.startswith(
        f"the response would have at least {200 * floor_of_big()} integration catalogue fields"
    )


def floor_of_big() -> int:
    return 1 + len(registry.all()) * 5
