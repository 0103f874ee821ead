"""Widget CRUD through GraphQL and the INTEGRATION widget's config rules."""

from __future__ import annotations

from typing import Any

import pytest

from app.models import Widget
from tests.schema.test_apps import DELETE, create, demo_config, errors_of
from tests.support.api import Api

CONFIG = """config { __typename
  ... on IntegrationWidgetConfig { appId endpointId refreshInterval }
  ... on LinkWidgetConfig { url target }
  ... on NoteWidgetConfig { text } }"""
WIDGET = f"""
  ... on Widget {{ id type title position {CONFIG} app {{ id name }} }}
  ... on ValidationErrors {{ errors {{ argument field code message }} }}
"""
CREATE_WIDGET = f"mutation($input: CreateWidgetInput!) {{ createWidget(input: $input) {{ __typename {WIDGET} }} }}"
UPDATE_WIDGET = (
    "mutation($id: ID!, $input: UpdateWidgetInput!) "
    f"{{ updateWidget(id: $id, input: $input) {{ __typename {WIDGET} }} }}"
)
DELETE_WIDGET = """mutation($id: ID!) { deleteWidget(id: $id) { __typename
  ... on Deleted { id } ... on ValidationErrors { errors { argument field code } } } }"""


async def demo_app(api: Api) -> str:
    created = await create(api, integrationType="demo", integrationConfig=demo_config())
    app_id: str = created["id"]
    return app_id


async def create_widget(api: Api, **fields: Any) -> dict[str, Any]:
    result: dict[str, Any] = (await api.query(CREATE_WIDGET, {"input": fields}))["createWidget"]
    return result


def integration(app_id: str, endpoint_id: str = "reading", **more: Any) -> dict[str, Any]:
    return {"integration": {"appId": app_id, "endpointId": endpoint_id, **more}}


async def test_integration_widget_round_trip(api: Api, demo_integration: object) -> None:
    app_id = await demo_app(api)
    widget = await create_widget(
        api, title="Queue", position=2, config=integration(app_id, refreshInterval=30)
    )
    assert widget["__typename"] == "Widget"
    assert widget["type"] == "INTEGRATION"
    assert widget["config"] == {
        "__typename": "IntegrationWidgetConfig",
        "appId": app_id,
        "endpointId": "reading",
        "refreshInterval": 30.0,
    }
    assert widget["app"] == {"id": app_id, "name": "Sonarr"}
    listed = await api.query("{ widgets { id type title position } }")
    assert listed["widgets"] == [
        {"id": widget["id"], "type": "INTEGRATION", "title": "Queue", "position": 2}
    ]


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        ({"appId": "", "endpointId": "reading"}, {"config.appId": "TOO_SHORT"}),
        ({"appId": "nope", "endpointId": "reading"}, {"config.appId": "NOT_FOUND"}),
        ({"appId": "{app}", "endpointId": "nope"}, {"config.endpointId": "UNKNOWN_ENDPOINT"}),
        (
            {"appId": "{app}", "endpointId": "reading", "refreshInterval": 1},
            {"config.refreshInterval": "BELOW_MIN_REFRESH"},
        ),
        (
            {"appId": "{app}", "endpointId": "reading", "refreshInterval": -5},
            {"config.refreshInterval": "OUT_OF_RANGE"},
        ),
        (
            {"appId": "{app}", "endpointId": "reading", "refreshInterval": 86_401},
            {"config.refreshInterval": "OUT_OF_RANGE"},
        ),
        ({"appId": "{plain}", "endpointId": "reading"}, {"config.appId": "APP_HAS_NO_INTEGRATION"}),
    ],
)
async def test_integration_widget_validation(
    api: Api, demo_integration: object, config: dict[str, Any], expected: dict[str, str]
) -> None:
    app_id = await demo_app(api)
    plain = (await create(api, name="Plain"))["id"]
    filled = {
        k: (v.format(app=app_id, plain=plain) if isinstance(v, str) else v)
        for k, v in config.items()
    }
    result = await create_widget(api, config={"integration": filled})
    assert errors_of(result) == expected
    assert await Widget.all().count() == 0


async def test_other_widget_types(api: Api) -> None:
    link = await create_widget(api, config={"link": {"url": "https://example.org"}})
    assert link["type"] == "LINK"
    assert link["config"] == {
        "__typename": "LinkWidgetConfig",
        "url": "https://example.org/",
        "target": "NEW",
    }
    same = await create_widget(api, config={"link": {"url": "http://h", "target": "SAME"}})
    assert same["config"]["target"] == "SAME"
    assert (await Widget.get(id=same["id"])).config["target"] == "same"  # stored as before
    note = await create_widget(api, config={"note": {"text": "hello"}})
    assert (note["type"], note["config"]) == (
        "NOTE",
        {"__typename": "NoteWidgetConfig", "text": "hello"},
    )
    bad = await create_widget(api, config={"link": {"url": "nope"}})
    assert errors_of(bad) == {"config.url": "INVALID_URL"}
    long_note = await create_widget(api, config={"note": {"text": "x" * 20_001}})
    assert errors_of(long_note) == {"config.text": "TOO_LONG"}


async def test_every_problem_is_reported_at_once(api: Api, demo_integration: object) -> None:
    app_id = await demo_app(api)
    result = await create_widget(api, title="t" * 101, config=integration(app_id, "nope"))
    assert errors_of(result) == {"title": "TOO_LONG", "config.endpointId": "UNKNOWN_ENDPOINT"}
    assert {(e["argument"], e["field"]) for e in result["errors"]} == {
        ("input", "title"),
        ("config", "endpointId"),
    }
    assert await Widget.all().count() == 0


async def test_a_config_names_exactly_one_widget_type(api: Api) -> None:
    for config in ({}, {"note": {"text": "a"}, "link": {"url": "http://h"}}):
        [error] = await api.errors(CREATE_WIDGET, {"input": {"config": config}})
        # checked by the oneOf validation rule, before anything executes
        assert error["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED", error
        assert "must specify exactly one key" in error["message"]
    assert await Widget.all().count() == 0


async def test_update_and_delete_widget(api: Api, demo_integration: object) -> None:
    app_id = await demo_app(api)
    widget = await create_widget(api, config=integration(app_id))
    updated = (
        await api.query(
            UPDATE_WIDGET, {"id": widget["id"], "input": {"title": "New", "position": 9}}
        )
    )["updateWidget"]
    assert (updated["title"], updated["position"]) == ("New", 9)
    assert updated["config"]["endpointId"] == "reading"
    bad = (
        await api.query(
            UPDATE_WIDGET,
            {"id": widget["id"], "input": {"config": integration(app_id, "x")}},
        )
    )["updateWidget"]
    assert errors_of(bad) == {"config.endpointId": "UNKNOWN_ENDPOINT"}
    switched = (
        await api.query(
            UPDATE_WIDGET, {"id": widget["id"], "input": {"config": {"note": {"text": "t"}}}}
        )
    )["updateWidget"]
    assert switched["type"] == "NOTE" and switched["app"] is None
    deleted = (await api.query(DELETE_WIDGET, {"id": widget["id"]}))["deleteWidget"]
    assert deleted == {"__typename": "Deleted", "id": widget["id"]}
    missing = (await api.query(DELETE_WIDGET, {"id": widget["id"]}))["deleteWidget"]
    assert errors_of(missing) == {"id": "NOT_FOUND"}


async def test_deleting_an_app_deletes_its_widgets(api: Api, demo_integration: object) -> None:
    app_id = await demo_app(api)
    other = await demo_app(api)
    await create_widget(api, config=integration(app_id))
    kept = await create_widget(api, config=integration(other))
    note = await create_widget(api, config={"note": {"text": "stays"}})
    await api.query(DELETE, {"id": app_id})
    remaining = await api.query("{ widgets { id } }")
    assert {w["id"] for w in remaining["widgets"]} == {kept["id"], note["id"]}


async def test_removing_the_integration_deletes_widgets_of_its_endpoints(
    api: Api, demo_integration: object
) -> None:
    app_id = await demo_app(api)
    await create_widget(api, config=integration(app_id))
    await api.query(
        "mutation($id: ID!) { updateApp(id: $id, input: {integrationType: null}) { __typename } }",
        {"id": app_id},
    )
    assert await Widget.all().count() == 0
