"""A production server (real uvicorn, JWT auth) facing hostile requests: anonymous callers get
UNAUTHENTICATED and nothing else, introspection and suggestions follow the caller's role, and
documents built to cost CPU are refused with QUERY_TOO_COMPLEX while the server keeps
answering."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from graphql import get_introspection_query

from app.auth import Role, mint_token
from app.crypto import generate_key
from integrations.registry import registry
from schema.result_budget import CATALOGUE_FIELDS_PER_INTEGRATION
from tests.support.server import Server, serve

SECRET = "request-guard-jwt-secret-" + "s" * 32
ADMIN = mint_token(SECRET, Role.ADMIN)
VIEWER = mint_token(SECRET, Role.VIEWER)
INTROSPECTION = "{ __schema { queryType { name } types { name } } }"
TYPO = "{ appz { id } }"
BAD_ENUM = 'mutation($role: Role!) { createApiKey(name: "k", role: $role) { __typename } }'
BAD_TYPE = "query($t: WidgetTyp) { __typename }"


def fragment_doubling(n: int, prefix: str = "F") -> str:
    """1.3 KB at n=19 that expands to 2**n fields: every fragment spreads the previous twice."""
    parts = [f"{{...{prefix}{n}}}", f"fragment {prefix}0 on Query{{__typename}}"]
    parts += [
        f"fragment {prefix}{i} on Query{{...{prefix}{i - 1} ...{prefix}{i - 1}}}"
        for i in range(1, n + 1)
    ]
    return " ".join(parts)


HOSTILE = {
    **{f"fragment doubling n={n}": fragment_doubling(n) for n in range(19, 25)},
    "renamed fragments": fragment_doubling(24, prefix="Renamed"),
    "10,000 repeated fields": "{" + " __typename" * 10_000 + "}",
    "4,000 repeated fields through inline fragments": "{"
    + " ... on Query { __typename }" * 4_000
    + "}",
    "deep nesting": "{" + "widgets { app { " * 400 + "id" + " } }" * 400 + "}",
    "many aliases": "{" + " ".join(f"a{n}: __typename" for n in range(5_000)) + "}",
    "a 1 MB string": '{ app(id: "' + "x" * 1_000_000 + '") { id } }',
    "a list of 5,000 items": "{ integrations(category: [" + "1," * 5_000 + "]) { id } }",
    "an object of 3,000 fields": "{ integrations(category: {"
    + " ".join(f"f{n}: 1" for n in range(3_000))
    + "}) { id } }",
}


@pytest.fixture(scope="module")
def production(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    tmp = tmp_path_factory.mktemp("production")
    env = {
        "TILEWIRE_ENV": "production",
        "TILEWIRE_DATA_DIR": str(tmp),
        "TILEWIRE_LOG_LEVEL": "INFO",
        "JWT_SECRET": SECRET,
        "INTEGRATION_ENCRYPTION_KEY": generate_key(),
    }
    with serve(env, tmp / "server.log") as server:
        yield server


def post(
    server: Server, query: str, token: str | None = None, **body: Any
) -> tuple[int, dict[str, Any]]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = httpx.post(
        f"{server.url}/graphql",
        json={"query": query, **body},
        headers=headers,
        timeout=30,
    )
    return response.status_code, response.json()


def only_error(body: dict[str, Any]) -> dict[str, Any]:
    assert body.get("data") is None, body
    [error] = body["errors"]
    return dict(error)


@pytest.mark.parametrize(
    "query",
    [INTROSPECTION, TYPO, "{ apps { id } }", fragment_doubling(24), "{ not valid graphql"],
)
@pytest.mark.parametrize(
    "authorization", [None, "Bearer not-a-jwt", f"Bearer {mint_token('x' * 40, Role.ADMIN)}"]
)
def test_anonymous_post_gets_unauthenticated_and_nothing_else(
    production: Server, query: str, authorization: str | None
) -> None:
    headers = {"Authorization": authorization} if authorization else {}
    response = httpx.post(
        f"{production.url}/graphql", json={"query": query}, headers=headers, timeout=30
    )
    assert response.status_code == 200
    error = only_error(response.json())
    assert error["extensions"] == {"code": "UNAUTHENTICATED"}
    assert set(error) == {"message", "extensions"}  # no locations: nothing was parsed
    for schema_word in ("Did you mean", "appz", "__schema", "Query", "fragment"):
        assert schema_word not in response.text


def test_anonymous_refusal_in_graphql_response_json_is_a_401(production: Server) -> None:
    """A client that asks for application/graphql-response+json learns from the status that
    nothing executed, and gets no data entry."""
    response = httpx.post(
        f"{production.url}/graphql",
        json={"query": TYPO},
        headers={"Accept": "application/graphql-response+json"},
        timeout=30,
    )
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/graphql-response+json"
    body = response.json()
    assert "data" not in body
    assert only_error(body)["extensions"] == {"code": "UNAUTHENTICATED"}


@pytest.mark.parametrize("query", [INTROSPECTION, TYPO, fragment_doubling(24)])
def test_anonymous_get_gets_unauthenticated(production: Server, query: str) -> None:
    response = httpx.get(f"{production.url}/graphql", params={"query": query}, timeout=30)
    error = only_error(response.json())
    assert error["extensions"] == {"code": "UNAUTHENTICATED"}
    assert "Did you mean" not in response.text and "__schema" not in response.text


def test_anonymous_refusal_reads_no_body(production: Server) -> None:
    """Refused on the header alone: even a body over the size limit gets UNAUTHENTICATED."""
    response = httpx.post(
        f"{production.url}/graphql",
        content=b'{"query": "' + b" " * (2 * 1024 * 1024) + b'{ apps { id } }"}',
        headers={"content-type": "application/json"},
        timeout=30,
    )
    assert only_error(response.json())["extensions"] == {"code": "UNAUTHENTICATED"}


def test_introspection_is_for_admins(production: Server) -> None:
    _, admin = post(production, INTROSPECTION, ADMIN)
    assert admin["data"]["__schema"]["queryType"] == {"name": "Query"}
    _, graphiql = post(production, get_introspection_query(descriptions=True), ADMIN)
    assert "errors" not in graphiql and len(graphiql["data"]["__schema"]["types"]) > 100
    _, viewer = post(production, INTROSPECTION, VIEWER)
    assert viewer["data"] is None
    assert {e["extensions"]["code"] for e in viewer["errors"]} == {"FORBIDDEN"}
    assert "introspection" in viewer["errors"][0]["message"]
    _, viewer_type = post(production, '{ __type(name: "App") { name } }', VIEWER)
    assert viewer_type["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    # __typename is not introspection: unions need it
    _, typename = post(production, "{ __typename }", VIEWER)
    assert typename == {"data": {"__typename": "Query"}}


def test_suggestions_are_for_admins(production: Server) -> None:
    _, admin = post(production, TYPO, ADMIN)
    assert "Did you mean 'app' or 'apps'?" in admin["errors"][0]["message"]
    _, viewer = post(production, TYPO, VIEWER)
    assert viewer["errors"][0]["message"] == "Cannot query field 'appz' on type 'Query'."
    _, admin_type = post(production, BAD_TYPE, ADMIN)
    assert "Unknown type 'WidgetTyp'. Did you mean 'WidgetType'" in str(admin_type["errors"])
    _, viewer_type = post(production, BAD_TYPE, VIEWER)
    assert "Unknown type 'WidgetTyp'." in str(viewer_type["errors"])
    assert "Did you mean" not in str(viewer_type["errors"])
    # and those made while executing: coercing variables (admins only reach it today)
    variables = {"role": "VIEWR"}
    _, admin_enum = post(production, BAD_ENUM, ADMIN, variables=variables)
    assert "Did you mean the enum value 'VIEWER'" in admin_enum["errors"][0]["message"]


@pytest.mark.parametrize("name", list(HOSTILE))
@pytest.mark.parametrize("token", [ADMIN, VIEWER], ids=["admin", "viewer"])
def test_hostile_documents_are_refused_with_a_typed_error(
    production: Server, name: str, token: str
) -> None:
    status, body = post(production, HOSTILE[name], token)
    assert status == 200
    error = only_error(body)
    assert error["extensions"]["code"] == "QUERY_TOO_COMPLEX", error
    assert any(w in error["message"] for w in ("allowed", "maximum", "select each field once"))


def test_the_limits_name_what_was_exceeded(production: Server) -> None:
    def message(query: str) -> str:
        return str(only_error(post(production, query, ADMIN)[1])["message"])

    assert "fragment 'F11' expands to 6142 selections" in message(fragment_doubling(19))
    assert "more than 200 aliases" in message(HOSTILE["many aliases"])
    assert "TILEWIRE_MAX_QUERY_DEPTH" in message(HOSTILE["deep nesting"])
    assert (
        "errors" not in post(production, "{ widgets { app { integration { type } } } }", ADMIN)[1]
    )
    assert "more than 500 fields" in message(HOSTILE["10,000 repeated fields"])
    assert "characters long" in message(HOSTILE["a 1 MB string"])
    for name in ("a list of 5,000 items", "an object of 3,000 fields"):
        assert "more than 1000 list items and input object fields" in message(HOSTILE[name])


CATALOGUE = """integrations { id name icon categories docsUrl defaultPort credentialTypes
  endpoints { id name } configFields { name label kind required group help options multiline } }"""


def test_a_response_is_bounded_however_small_its_document(production: Server) -> None:
    """200 aliases of the integration catalogue: 35 KB within every document limit, which
    resolved 770,000 fields (4.4 s of CPU, 18 MB of JSON) before the result budget."""
    _, one = post(production, "{" + CATALOGUE + "}", VIEWER)
    assert "errors" not in one and len(one["data"]["integrations"]) > 40
    many = "{" + " ".join(f"a{n}: {CATALOGUE}" for n in range(200)) + "}"
    _, body = post(production, many, VIEWER)
    assert body["data"] is None
    [error] = body["errors"]
    assert error["extensions"] == {"code": "QUERY_TOO_COMPLEX"}
    assert "integration catalogue fields" in error["message"]


def test_a_response_certain_to_be_too_large_is_refused_before_validation(
    production: Server,
) -> None:
    """Parsing and validating those 200 aliases cost 150 ms before the first field resolved:
    the schema counts what they resolve at least, and a mistake elsewhere in the document
    (which validation would report first) changes nothing."""
    many = "{" + " ".join(f"a{n}: {CATALOGUE}" for n in range(200)) + " appz }"
    _, body = post(production, many, VIEWER)
    error = only_error(body)
    assert error["extensions"] == {"code": "QUERY_TOO_COMPLEX"}
    assert error["message"].startswith("the response would have at least ")
    # the server's allowance: CATALOGUE_FIELDS_PER_INTEGRATION for each integration it has
    assert "integration catalogue fields; at most " in error["message"]
    allowed = int(error["message"].split("at most ")[1].split()[0])
    assert allowed % CATALOGUE_FIELDS_PER_INTEGRATION == 0
    assert allowed // CATALOGUE_FIELDS_PER_INTEGRATION >= len(registry.all()) - 5


def test_server_keeps_answering_while_hostile_documents_arrive(production: Server) -> None:
    """Before the limits, fragment doubling at n=24 held the worker for over a minute."""
    codes: list[str] = []

    def attack() -> None:
        with httpx.Client(base_url=production.url, timeout=60) as http:
            for _ in range(10):
                for query in (fragment_doubling(24), HOSTILE["10,000 repeated fields"]):
                    body = http.post(
                        "/graphql",
                        json={"query": query},
                        headers={"Authorization": f"Bearer {VIEWER}"},
                    ).json()
                    codes.append(body["errors"][0]["extensions"]["code"])

    attacker = threading.Thread(target=attack)
    attacker.start()
    answered = 0
    try:
        with httpx.Client(base_url=production.url, timeout=10) as http:
            for _ in range(500):  # while the attack lasts, and a few times at least
                assert http.get("/healthz").json() == {"status": "ok"}
                answered += 1
                if not attacker.is_alive() and answered >= 5:
                    break
    finally:
        attacker.join(timeout=120)
    assert not attacker.is_alive()
    assert len(codes) == 20 and set(codes) == {"QUERY_TOO_COMPLEX"}


def test_refusals_are_logged_once_without_traceback_or_secret(production: Server) -> None:
    for _ in range(3):
        post(production, "{ apps { id } }", "expired-or-forged")
        post(production, fragment_doubling(20), VIEWER)
        post(production, INTROSPECTION, VIEWER)
    log = production.log()
    refused = [line for line in log.splitlines() if "refused a request" in line]
    for code in ("UNAUTHENTICATED", "QUERY_TOO_COMPLEX", "FORBIDDEN"):
        assert len([line for line in refused if code in line]) == 1, refused
    assert "Traceback" not in log
    for secret in (SECRET, ADMIN, VIEWER, "expired-or-forged"):
        assert secret not in log


def test_a_dashboard_document_of_50_widgets_fits_the_limits(production: Server) -> None:
    from bench.dashboard import PAYLOAD

    widgets = "\n".join(
        f'w{n}: integrationData(appId: "{n % 20}", endpointId: "query") {{ {PAYLOAD} }}'
        for n in range(50)
    )
    _, body = post(production, f"query Dashboard {{ {widgets} }}", VIEWER)
    assert "errors" not in body, body  # each widget's own error is data: no such App
    assert len(body["data"]) == 50


def test_graphiql_page_is_still_served(production: Server) -> None:
    page = httpx.get(f"{production.url}/graphql", headers={"Accept": "text/html"}, timeout=30)
    assert page.status_code == 200 and "graphiql" in page.text.lower()


@pytest.fixture(scope="module")
def open_viewers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    tmp = tmp_path_factory.mktemp("open-viewers")
    env = {
        "TILEWIRE_ENV": "production",
        "TILEWIRE_DATA_DIR": str(tmp),
        "JWT_SECRET": SECRET,
        "INTEGRATION_ENCRYPTION_KEY": generate_key(),
        "TILEWIRE_VIEWER_INTROSPECTION": "true",
    }
    with serve(env, tmp / "server.log") as server:
        yield server


def test_viewer_introspection_setting(open_viewers: Server) -> None:
    _, viewer = post(open_viewers, INTROSPECTION, VIEWER)
    assert viewer["data"]["__schema"]["queryType"] == {"name": "Query"}
    _, typo = post(open_viewers, TYPO, VIEWER)
    assert "Did you mean 'app' or 'apps'?" in typo["errors"][0]["message"]
    _, anonymous = post(open_viewers, INTROSPECTION)
    assert only_error(anonymous)["extensions"] == {"code": "UNAUTHENTICATED"}
