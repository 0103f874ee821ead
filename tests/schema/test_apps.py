"""App CRUD through GraphQL, on SQLite and PostgreSQL, including every validation path."""

from __future__ import annotations

from typing import Any

import pytest

from app.models import App
from tests.support.api import Api

APP_FIELDS = """
  ... on App { id name url icon description sortOrder createdAt updatedAt
               integration { type enabled config secrets { name isSet } } }
  ... on ValidationErrors { errors { argument field code message } }
"""
CREATE = f"mutation($input: CreateAppInput!) {{ createApp(input: $input) {{ __typename {APP_FIELDS} }} }}"
UPDATE = (
    "mutation($id: ID!, $input: UpdateAppInput!) "
    f"{{ updateApp(id: $id, input: $input) {{ __typename {APP_FIELDS} }} }}"
)
DELETE = """mutation($id: ID!) { deleteApp(id: $id) { __typename
  ... on Deleted { id } ... on ValidationErrors { errors { argument field code message } } } }"""

API_KEY = "canary-api-key-6f1d0c"
PASSWORD = "canary-password-93ab77"


def demo_config(**overrides: Any) -> dict[str, Any]:
    return {"url": "http://192.168.1.20:8080", "credentials": {"apiKey": API_KEY}, **overrides}


async def create(api: Api, **fields: Any) -> dict[str, Any]:
    data = await api.query(CREATE, {"input": {"name": "Sonarr", **fields}})
    result: dict[str, Any] = data["createApp"]
    return result


def where(error: dict[str, Any]) -> str:
    """Where a FieldError points, as one path: ``name`` (a field of the input),
    ``integrationConfig.url`` (a field of a config form), ``id`` (an argument as a whole)."""
    argument, field = error["argument"], error["field"]
    if field is None:
        return str(argument)
    return str(field) if argument == "input" else f"{argument}.{field}"


def errors_of(result: dict[str, Any]) -> dict[str, str]:
    assert result["__typename"] == "ValidationErrors", result
    return {where(e): e["code"] for e in result["errors"]}


async def test_create_list_get_app_without_integration(api: Api) -> None:
    created = await create(
        api, url="https://sonarr.lan", icon="sonarr", description="TV", sortOrder=3
    )
    assert created["__typename"] == "App"
    assert created["integration"] is None
    assert created["url"] == "https://sonarr.lan/"
    listed = await api.query("{ apps { id name sortOrder } }")
    assert listed["apps"] == [{"id": created["id"], "name": "Sonarr", "sortOrder": 3}]
    got = await api.query(
        "query($id: ID!) { app(id: $id) { name description } }", {"id": created["id"]}
    )
    assert got["app"] == {"name": "Sonarr", "description": "TV"}
    missing = await api.query('{ app(id: "nope") { id } }')
    assert missing["app"] is None


async def test_apps_are_listed_in_sort_order(api: Api) -> None:
    for name, order in (("b", 2), ("a", 2), ("c", 1)):
        await create(api, name=name, sortOrder=order)
    listed = await api.query("{ apps { name } }")
    assert [a["name"] for a in listed["apps"]] == ["c", "a", "b"]


async def test_create_with_integration_masks_secrets(api: Api, demo_integration: object) -> None:
    created = await create(api, integrationType="demo", integrationConfig=demo_config())
    integration = created["integration"]
    assert integration["type"] == "demo"
    assert integration["enabled"] is True
    assert integration["config"]["url"] == "http://192.168.1.20:8080/"
    assert integration["config"]["credentials"] == {"type": "apiKey"}
    assert {"name": "credentials.apiKey", "isSet": True} in integration["secrets"]
    assert {"name": "extra.webhookToken", "isSet": False} in integration["secrets"]
    assert API_KEY not in str(created)
    row = await App.get(id=created["id"])
    assert row.integration_config is not None and row.integration_config.startswith("v1.")
    assert API_KEY not in row.integration_config


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"name": ""}, {"name": "TOO_SHORT"}),
        ({"name": "x" * 101}, {"name": "TOO_LONG"}),
        ({"url": "not a url"}, {"url": "INVALID_URL"}),
        ({"url": "ftp://host"}, {"url": "URL_SCHEME"}),
        ({"sortOrder": 10**9}, {"sortOrder": "OUT_OF_RANGE"}),
        (
            {"integrationType": "nope", "integrationConfig": {}},
            {"integrationType": "UNKNOWN_INTEGRATION"},
        ),
        ({"integrationConfig": {"url": "http://x"}}, {"integrationType": "MISSING"}),
    ],
)
async def test_create_validation_errors(
    api: Api, fields: dict[str, Any], expected: dict[str, str]
) -> None:
    result = await create(api, **fields)
    assert errors_of(result) == expected
    assert (await api.query("{ apps { id } }"))["apps"] == []


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        (
            {},
            {"integrationConfig.url": "MISSING", "integrationConfig.credentials.apiKey": "MISSING"},
        ),
        (demo_config(url="gopher://x"), {"integrationConfig.url": "URL_SCHEME"}),
        (demo_config(timeout=0), {"integrationConfig.timeout": "OUT_OF_RANGE"}),
        (demo_config(pinnedSha256="abc"), {"integrationConfig.pinnedSha256": "INVALID_VALUE"}),
        (demo_config(caBundle="hello"), {"integrationConfig.caBundle": "INVALID_VALUE"}),
        (demo_config(bogus=1), {"integrationConfig.bogus": "UNKNOWN_FIELD"}),
        (
            demo_config(credentials={"type": "usernamePassword", "username": "bob"}),
            {"integrationConfig.credentials.password": "MISSING"},
        ),
        (
            demo_config(credentials={"type": "oauth"}),
            {"integrationConfig.credentials": "INVALID_CHOICE"},
        ),
        (demo_config(extra={"site": 5}), {"integrationConfig.extra.site": "WRONG_TYPE"}),
        (
            {"url": 5, "credentials": "x"},
            {
                "integrationConfig.url": "WRONG_TYPE",
                "integrationConfig.credentials": "INVALID_CHOICE",
            },
        ),
    ],
)
async def test_integration_config_validation(
    api: Api, demo_integration: object, config: dict[str, Any], expected: dict[str, str]
) -> None:
    result = await create(api, integrationType="demo", integrationConfig=config)
    assert errors_of(result) == expected
    for error in result["errors"]:
        assert API_KEY not in error["message"]
    assert (await api.query("{ apps { id } }"))["apps"] == []


async def test_credential_set_is_inferred_from_fields(api: Api, demo_integration: object) -> None:
    config = {"url": "http://h", "credentials": {"username": "bob", "password": PASSWORD}}
    created = await create(api, integrationType="demo", integrationConfig=config)
    assert created["integration"]["config"]["credentials"] == {
        "type": "usernamePassword",
        "username": "bob",
    }


async def test_update_keeps_omitted_secret_and_changes_others(
    api: Api, demo_integration: object
) -> None:
    created = await create(api, integrationType="demo", integrationConfig=demo_config())
    updated = (
        await api.query(
            UPDATE,
            {
                "id": created["id"],
                "input": {
                    "name": "Sonarr 4",
                    "integrationConfig": {"url": "http://192.168.1.20:8080/sonarr"},
                },
            },
        )
    )["updateApp"]
    assert updated["name"] == "Sonarr 4"
    assert updated["integration"]["config"]["url"] == "http://192.168.1.20:8080/sonarr"
    assert {"name": "credentials.apiKey", "isSet": True} in updated["integration"]["secrets"]
    stored = api.app.state.services.apps.stored_config(await App.get(id=created["id"]))
    assert stored["credentials"]["apiKey"] == API_KEY


async def test_update_with_null_secret_keeps_it_and_new_secret_replaces_it(
    api: Api, demo_integration: object
) -> None:
    created = await create(api, integrationType="demo", integrationConfig=demo_config())
    await api.query(
        UPDATE,
        {
            "id": created["id"],
            "input": {"integrationConfig": demo_config(credentials={"apiKey": None})},
        },
    )
    service = api.app.state.services.apps
    assert (
        service.stored_config(await App.get(id=created["id"]))["credentials"]["apiKey"] == API_KEY
    )
    await api.query(
        UPDATE,
        {
            "id": created["id"],
            "input": {"integrationConfig": demo_config(credentials={"apiKey": "new-key"})},
        },
    )
    assert (
        service.stored_config(await App.get(id=created["id"]))["credentials"]["apiKey"] == "new-key"
    )


async def test_switching_credential_set_does_not_reuse_old_secret(
    api: Api, demo_integration: object
) -> None:
    created = await create(api, integrationType="demo", integrationConfig=demo_config())
    result = (
        await api.query(
            UPDATE,
            {
                "id": created["id"],
                "input": {
                    "integrationConfig": {
                        "url": "http://h",
                        "credentials": {"type": "usernamePassword", "username": "bob"},
                    }
                },
            },
        )
    )["updateApp"]
    assert errors_of(result) == {"integrationConfig.credentials.password": "MISSING"}


async def test_update_plain_fields_leaves_config_untouched(
    api: Api, demo_integration: object
) -> None:
    created = await create(api, integrationType="demo", integrationConfig=demo_config())
    before = (await App.get(id=created["id"])).integration_config
    await api.query(
        UPDATE,
        {"id": created["id"], "input": {"description": "hello", "integrationEnabled": False}},
    )
    row = await App.get(id=created["id"])
    assert row.integration_config == before
    assert row.description == "hello"
    assert row.integration_enabled is False


async def test_removing_integration_drops_config(api: Api, demo_integration: object) -> None:
    created = await create(api, integrationType="demo", integrationConfig=demo_config())
    updated = (await api.query(UPDATE, {"id": created["id"], "input": {"integrationType": None}}))[
        "updateApp"
    ]
    assert updated["integration"] is None
    row = await App.get(id=created["id"])
    assert row.integration_config is None and row.integration_type is None


async def test_update_validation_errors_write_nothing(api: Api, demo_integration: object) -> None:
    created = await create(api, integrationType="demo", integrationConfig=demo_config())
    before = await App.get(id=created["id"])
    result = (
        await api.query(
            UPDATE,
            {"id": created["id"], "input": {"name": "", "integrationConfig": {"url": "bad"}}},
        )
    )["updateApp"]
    assert errors_of(result) == {"name": "TOO_SHORT", "integrationConfig.url": "INVALID_URL"}
    result = (
        await api.query(
            UPDATE, {"id": created["id"], "input": {"integrationConfig": {"url": "bad"}}}
        )
    )["updateApp"]
    assert errors_of(result) == {"integrationConfig.url": "INVALID_URL"}
    after = await App.get(id=created["id"])
    assert (after.name, after.integration_config) == (before.name, before.integration_config)


async def test_every_problem_is_reported_at_once(api: Api, demo_integration: object) -> None:
    result = await create(
        api,
        name="x" * 101,
        url="ftp://host",
        integrationType="demo",
        integrationConfig={"url": "http://h", "credentials": {"type": "usernamePassword"}},
    )
    assert errors_of(result) == {
        "name": "TOO_LONG",
        "url": "URL_SCHEME",
        "integrationConfig.credentials.username": "MISSING",
        "integrationConfig.credentials.password": "MISSING",
    }
    by_argument = {(e["argument"], e["field"]) for e in result["errors"]}
    assert ("integrationConfig", "credentials.password") in by_argument
    assert ("input", "name") in by_argument
    unknown_type = await create(api, name="", integrationType="nope", integrationConfig={})
    assert errors_of(unknown_type) == {
        "name": "TOO_SHORT",
        "integrationType": "UNKNOWN_INTEGRATION",
    }
    typo = await create(api, name="x", integrationType="sonar", integrationConfig={})
    [message] = [e["message"] for e in typo["errors"] if e["field"] == "integrationType"]
    assert "did you mean sonarr" in message and "the integrations query lists all" in message
    assert len(message) < 300  # not the whole catalogue
    not_an_object = await create(api, name="", integrationType="demo", integrationConfig=[1])
    assert errors_of(not_an_object) == {"name": "TOO_SHORT", "integrationConfig": "WRONG_TYPE"}
    assert (await api.query("{ apps { id } }"))["apps"] == []


async def test_update_and_delete_unknown_app(api: Api) -> None:
    result = (await api.query(UPDATE, {"id": "missing", "input": {"name": "x"}}))["updateApp"]
    assert errors_of(result) == {"id": "NOT_FOUND"}
    result = (await api.query(DELETE, {"id": "missing"}))["deleteApp"]
    assert errors_of(result) == {"id": "NOT_FOUND"}


async def test_delete_app(api: Api) -> None:
    created = await create(api)
    result = (await api.query(DELETE, {"id": created["id"]}))["deleteApp"]
    assert result == {"__typename": "Deleted", "id": created["id"]}
    assert (await api.query("{ apps { id } }"))["apps"] == []


async def test_malformed_requests_are_clear_errors_not_500(api: Api) -> None:
    cases = [
        ("{ apps { nope } }", None),
        ("mutation { createApp(input: {}) { __typename } }", None),
        (
            "mutation($input: CreateAppInput!) { createApp(input: $input) { __typename } }",
            {"input": {"name": 5}},
        ),
        ("{ apps {", None),
    ]
    for query, variables in cases:
        response = await api.raw(query, variables)
        assert response.status_code in (200, 400)
        body = response.json()
        assert body["errors"], body
        assert "Traceback" not in response.text
    response = await api.http.post(
        "/graphql", content=b"not json", headers={"content-type": "application/json"}
    )
    assert response.status_code == 400
    assert "Traceback" not in response.text


async def test_tampered_config_is_a_clear_error_naming_the_app(
    api: Api, demo_integration: object
) -> None:
    a = await create(api, name="A", integrationType="demo", integrationConfig=demo_config())
    b = await create(api, name="B", integrationType="demo", integrationConfig=demo_config())
    row_a, row_b = await App.get(id=a["id"]), await App.get(id=b["id"])
    row_b.integration_config = row_a.integration_config  # copied from another row
    await row_b.save()
    response = await api.raw("{ apps { name integration { type } } }")
    body = response.json()
    assert body["data"]["apps"][0] == {"name": "A", "integration": {"type": "demo"}}
    assert body["data"]["apps"][1] == {"name": "B", "integration": None}
    [error] = body["errors"]
    assert b["id"] in error["message"]
    assert error["extensions"]["code"] == "DECRYPTION_FAILED"
    assert API_KEY not in response.text
