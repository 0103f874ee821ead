"""The measures behind QUERY_TOO_COMPLEX: what they count, that each fragment is measured once,
and that refusals reach a WebSocket client as errors too."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
import websockets
from graphql import GraphQLError, parse, validate
from graphql.language.lexer import Lexer
from graphql.language.source import Source
from graphql.language.token_kind import TokenKind

from schema.document_limits import (
    QUERY_TOO_COMPLEX,
    DocumentLimits,
    DocumentTooComplex,
    check_document,
    check_source,
    count_tokens,
)
from schema.documents import Documents, _without_suggestions
from schema.schema import build_schema
from tests.app.test_request_guard import fragment_doubling
from tests.support.api import served

SAMPLE = '''
# a dashboard, with every kind of token
query Dashboard($app: ID! = "a1", $n: Int = -12, $f: Float = 1.5e3) @skip(if: false) {
  w1: integrationData(appId: $app, endpointId: "query") { stale fetchedAt
    payload { __typename ... on MetricQueryResult { query samples { value } } } }
  apps { id name, url }
  ...Extra
}
fragment Extra on Query { widgets { config title } }
mutation { createApp(input: {name: """a "block" \\""" string""", sortOrder: 3}) { __typename } }
'''


def lexer_tokens(source: str) -> int:
    """Tokens as graphql-core's ``max_tokens`` counts them: its lexer skips comments, the
    limit counts them (none of these sources has a ``#`` elsewhere)."""
    lexer, count = Lexer(Source(source)), source.count("#")
    while lexer.advance().kind is not TokenKind.EOF:
        count += 1
    return count


def refusal(source: str, limits: DocumentLimits | None = None) -> str:
    limits = limits or DocumentLimits()

    def check() -> None:
        check_source(source, limits)
        check_document(parse(source), limits)

    with pytest.raises(DocumentTooComplex) as refused:
        check()
    assert refused.value.extensions == {"code": QUERY_TOO_COMPLEX}
    return refused.value.message


def test_token_count_agrees_with_graphql_core() -> None:
    for source in (SAMPLE, fragment_doubling(24), '{ a(b: "x\\"y") }', "{ a } # end"):
        assert count_tokens(source, 100_000) == lexer_tokens(source)
        assert check_source(source, DocumentLimits()).tokens == lexer_tokens(source)
    assert count_tokens("{ a b c d e f }", 3) == 4  # stops past the limit


def test_selections_and_aliases_are_counted_outside_arguments() -> None:
    limits = DocumentLimits(max_aliases=2, max_selections=8)
    # 8 selections (w1, stale, payload, __typename, an inline fragment, query, apps, id) and
    # 2 aliases; the object value in the arguments counts for nothing
    ok = "{ w1: integrationData(x: {a: 1, b: {c: 2}}) { stale payload { __typename ... on T { q: query } } } apps { id } }"
    check_source(ok, limits)
    check_document(parse(ok), limits)
    assert "more than 8 selections" in refusal(ok.replace("id }", "id name }"), limits)
    assert "more than 2 aliases" in refusal(ok.replace("apps", "a: apps"), limits)


def test_list_items_and_object_fields_in_arguments_are_counted_together() -> None:
    limits = DocumentLimits(max_literal_items=6)
    # 6: the list's 3 items (the nested list is one, its item another) and the object's 3
    # fields; a variable is one value, a string one whatever it holds
    ok = 'query($v: Int) { a(x: [1, [2]], y: {b: "[4, 5, 6, 7]", c: $v, d: {}}) { id } }'
    check_source(ok, limits)
    for over in (
        ok.replace("[2]", "[2, 3]"),
        ok.replace("d: {}", "d: {e: 1}"),
        ok + " { b(z: [1]) }",
    ):
        message = refusal(over, limits)
        assert message.startswith("the document's arguments hold more than 6 list items")
    assert "at most 1000 are allowed" in refusal("{ a(x: [" + "1, " * 1_001 + "]) }")


def test_depth_counts_fields_with_selections_and_not_introspection() -> None:
    limits = DocumentLimits(max_depth=2)
    check_document(parse("{ widgets { app { id } } }"), limits)
    introspection = "{ __schema { types { fields { type { ofType { ofType { name } } } } } } }"
    check_document(parse(introspection), limits)
    message = refusal("{ widgets { app { integration { type } } } }", limits)
    assert message.startswith("operation 'anonymous' is 3 fields deep")
    through_fragment = "{ widgets { ...W } } fragment W on Widget { app { integration { type } } }"
    assert "is 3 fields deep" in refusal(through_fragment, limits)


@pytest.mark.parametrize("prefix", ["F", "Renamed", "x"])
def test_each_fragment_is_measured_once(prefix: str) -> None:
    """2**200 selections: measured at every spread, this would never return."""
    message = refusal(fragment_doubling(200, prefix=prefix))
    assert message.startswith(f"fragment '{prefix}11' expands to 6142 selections")


def test_an_unused_fragment_counts_too() -> None:
    unused = "{ __typename } " + fragment_doubling(30).split(" ", 1)[1]
    assert "expands to" in refusal(unused)


def test_long_fragment_chains_and_cycles_are_measured_without_recursion() -> None:
    chain = " ".join(
        ["{ ...F3000 }", "fragment F0 on Query { __typename }"]
        + [f"fragment F{i} on Query {{ ...F{i - 1} }}" for i in range(1, 3001)]
    )
    check_document(parse(chain), DocumentLimits(max_selections=10_000))
    cycle = "{ ...A } fragment A on Query { ...B } fragment B on Query { ...A __typename }"
    check_document(parse(cycle), DocumentLimits())
    errors = validate(build_schema()._schema, parse(cycle))
    assert any("Cannot spread fragment 'A' within itself" in e.message for e in errors)


def test_variables_are_validated_whenever_the_text_has_one() -> None:
    documents = Documents(DocumentLimits())
    schema = build_schema()._schema

    def messages(source: str) -> list[str]:
        return [
            e.message
            for e in documents.validate(schema, documents.prepare(source), privileged=True)
        ]

    assert messages("query($a: Int) { __typename }") == ["Variable '$a' is never used."]
    assert messages("{ app(id: $x) { id } }") == ["Variable '$x' is not defined."]
    assert messages("query($a: String) { app(id: $a) { id } }") == [
        "Variable '$a' of type 'String' used in position expecting type 'ID!'."
    ]
    assert messages('{ app(id: "$x") { id } }') == []


def test_overlap_budget_refuses_what_graphql_core_would_grind_through() -> None:
    documents = Documents(DocumentLimits(max_width=5_000, max_selections=10_000))
    prepared = documents.prepare("{" + " __typename" * 3_000 + "}")
    assert prepared.refusal is None
    errors = documents.validate(build_schema()._schema, prepared, privileged=True)
    assert [e.extensions for e in errors] == [{"code": QUERY_TOO_COMPLEX}]
    assert "same name in one selection set" in errors[0].message


def test_documents_are_cached_within_a_memory_budget() -> None:
    documents = Documents(DocumentLimits(), max_entries=100, max_cached_bytes=500_000)
    for n in range(50):
        documents.prepare("{" + f" a{n}: __typename" * 60 + "}")  # 182 tokens each
        documents.prepare("{" + " __typename" * 600 + " " * n + "}")  # refused, 6.6 KB
    assert sum(e.weight for e in documents._entries.values()) <= 500_000
    assert 5 < len(documents._entries) < 20
    last = "{" + " a49: __typename" * 60 + "}"
    assert documents.parsed(last) is documents.prepare(last).document


async def test_graphiql_introspection_fits_half_the_introspection_allowance(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """If this fails, the schema outgrew schema.result_budget.INTROSPECTION_FIELDS / 2: raise it."""
    from graphql import get_introspection_query

    import schema.result_budget

    monkeypatch.setattr(
        schema.result_budget, "INTROSPECTION_FIELDS", schema.result_budget.INTROSPECTION_FIELDS // 2
    )
    graphiql = get_introspection_query(
        descriptions=True,
        specified_by_url=True,
        directive_is_repeatable=True,
        schema_description=True,
        input_value_deprecation=True,
    )
    result = await build_schema().execute(graphiql)
    assert result.errors is None
    assert result.data is not None and len(result.data["__schema"]["types"]) > 100
    repeated = (
        "{"
        + " ".join(f"a{n}: __schema {{ types {{ name fields {{ name }} }} }}" for n in range(40))
        + "}"
    )
    refused = await build_schema().execute(repeated)
    assert refused.data is None and refused.errors is not None
    assert refused.errors[0].extensions == {"code": QUERY_TOO_COMPLEX}
    assert "introspection fields" in refused.errors[0].message


def test_suggestions_are_cut_from_any_message() -> None:
    error = GraphQLError(
        "Variable '$t' got invalid value 'X'; Value 'X' does not exist in 'WidgetType' enum."
        " Did you mean the enum value 'NOTE' or 'LINK'?",
        extensions={"code": "X"},
    )
    cut = _without_suggestions(error)
    assert cut.message.endswith("does not exist in 'WidgetType' enum.")
    assert cut.extensions == {"code": "X"}
    plain = GraphQLError("Unknown type 'Foo'.")
    assert _without_suggestions(plain) is plain


async def test_a_refused_subscription_document_is_an_error_message(tmp_path: Path) -> None:
    async with (
        served(f"sqlite://{tmp_path / 'db.sqlite3'}", tmp_path) as url,
        websockets.connect(
            url.replace("http", "ws", 1) + "/graphql", subprotocols=["graphql-transport-ws"]
        ) as ws,
    ):
        await ws.send(json.dumps({"type": "connection_init", "payload": {}}))
        assert json.loads(await asyncio.wait_for(ws.recv(), 5))["type"] == "connection_ack"
        for n, query in enumerate((fragment_doubling(24), "{" + " __typename" * 9_000 + "}")):
            await ws.send(
                json.dumps({"id": str(n), "type": "subscribe", "payload": {"query": query}})
            )
            message = json.loads(await asyncio.wait_for(ws.recv(), 5))
            assert message["type"] == "error", message
            assert message["payload"][0]["extensions"] == {"code": QUERY_TOO_COMPLEX}
        # the connection is still good
        await ws.send(
            json.dumps({"id": "ok", "type": "subscribe", "payload": {"query": "{ __typename }"}})
        )
        message = json.loads(await asyncio.wait_for(ws.recv(), 5))
        assert message == {
            "id": "ok",
            "type": "next",
            "payload": {"data": {"__typename": "Query"}},
        }


FORMS = (
    Path(__file__).resolve().parents[2] / "examples/dashboard-client/src/documents/forms.graphql"
)


async def test_the_whole_catalogue_with_its_forms_fits_half_the_catalogue_allowance(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """If this fails, the catalogue's config forms outgrew
    schema.result_budget.CATALOGUE_FIELDS_PER_INTEGRATION / 2 per integration: raise it."""
    import schema.result_budget
    from integrations.registry import registry

    monkeypatch.setattr(
        schema.result_budget,
        "CATALOGUE_FIELDS_PER_INTEGRATION",
        schema.result_budget.CATALOGUE_FIELDS_PER_INTEGRATION // 2,
    )
    document = FORMS.read_text()
    result = await build_schema().execute(
        document[: document.index("mutation CreateApp")],
        operation_name="IntegrationCatalogue",
    )
    assert result.errors is None
    assert result.data is not None and len(result.data["integrations"]) == len(registry.all())


async def test_the_catalogue_under_many_aliases_is_refused() -> None:
    forms = " ".join(
        f"a{n}: integrations {{ id configFields {{ name label help options group }} }}"
        for n in range(10)
    )
    refused = await build_schema().execute("{" + forms + "}")
    assert refused.data is None and refused.errors is not None
    assert refused.errors[0].extensions == {"code": QUERY_TOO_COMPLEX}
    assert "integration catalogue fields" in refused.errors[0].message
    # known for certain before it runs: 200 copies of the catalogue's names
    names = " ".join(f"a{n}: integrations {{ id name icon docsUrl }}" for n in range(200))
    early = await build_schema().execute("{" + names + "}")
    assert early.errors is not None and "at least" in early.errors[0].message
    assert "integration catalogue fields" in early.errors[0].message


async def test_the_catalogue_does_not_spend_the_dashboards_budget() -> None:
    limits = DocumentLimits(max_result_fields=200)
    result = await build_schema(limits).execute(
        "{ integrations { id name configFields { name } } }"
    )
    assert result.errors is None
    assert result.data is not None and len(result.data["integrations"]) > 50
