"""Widget CRUD through GraphQL and the INTEGRATION widget's config rules."""

from __future__ import annotations

from typing import Any

import pytest

from app.models import Widget
from tests.schema.test_apps import DELETE, create, demo_config, errors_of
from tests.support.api import Api

WIDGET = """
  ... on Widget { id type title position config app { id name } }
  ... on ValidationErrors { errors { field code message } }
"""
CREATE_WIDGET = f"mutation($input: CreateWidgetInput!) {{ createWidget(input: $input) {{ __typename {WIDGET} }} }}"
UPDATE_WIDGET = (
    "mutation($id: ID!, $input: UpdateWidgetInput!) "
    f"{{ updateWidget(id: $id, input: $input) {{ __typename {WIDGET} }} }}"
)
DELETE_WIDGET = """mutation($id: ID!) { deleteWidget(id: $id) { __typename
  ... on Deleted { id } ... on ValidationErrors { errors { field code } } } }"""


async def demo_app(api: Api) -> str:
    created = await create(api, integrationType="demo", integrationConfig=demo_config())
    app_id: str = created["id"]
    return app_id


async def create_widget(api: Api, **fields: Any) -> dict[str, Any]:
    result: dict[str, Any] = (await api.query(CREATE_WIDGET, {"input": fields}))["createWidget"]
    return result


async def test_integration_widget_round_trip(api: Api, demo_integration: object) -> None:
    app_id = await demo_app(api)
    widget = await create_widget(
        api,
        type="INTEGRATION",
        title="Queue",
        position=2,
        config={"appId": app_id, "endpointId": "reading", "refreshInterval": 30},
    )
    assert widget["__typename"] == "Widget"
    assert widget["config"] == {"appId": app_id, "endpointId": "reading", "refreshInterval": 30.0}
    assert widget["app"] == {"id": app_id, "name": "Sonarr"}
    listed = await api.query("{ widgets { id type title position } }")
    assert listed["widgets"] == [
        {"id": widget["id"], "type": "INTEGRATION", "title": "Queue", "position": 2}
    ]


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        ({"endpointId": "reading"}, {"config.appId": "missing"}),
        ({"appId": "nope", "endpointId": "reading"}, {"config.appId": "not_found"}),
        ({"appId": "{app}", "endpointId": "nope"}, {"config.endpointId": "unknown_endpoint"}),
        (
            {"appId": "{app}", "endpointId": "reading", "refreshInterval": 1},
            {"config.refreshInterval": "below_minimum"},
        ),
        (
            {"appId": "{app}", "endpointId": "reading", "refreshInterval": -5},
            {"config.refreshInterval": "greater_than"},
        ),
        (
            {"appId": "{app}", "endpointId": "reading", "extra": 1},
            {"config.extra": "extra_forbidden"},
        ),
        ({"appId": "{plain}", "endpointId": "reading"}, {"config.appId": "no_integration"}),
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
    result = await create_widget(api, type="INTEGRATION", config=filled)
    assert errors_of(result) == expected
    assert await Widget.all().count() == 0


async def test_other_widget_types(api: Api) -> None:
    link = await create_widget(api, type="LINK", config={"url": "https://example.org"})
    assert link["config"] == {"url": "https://example.org/", "target": "new"}
    note = await create_widget(api, type="NOTE", config={"text": "hello"})
    assert note["config"] == {"text": "hello"}
    bad = await create_widget(api, type="LINK", config={"url": "nope"})
    assert errors_of(bad) == {"config.url": "url_parsing"}


async def test_update_and_delete_widget(api: Api, demo_integration: object) -> None:
    app_id = await demo_app(api)
    widget = await create_widget(
        api, type="INTEGRATION", config={"appId": app_id, "endpointId": "reading"}
    )
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
            {"id": widget["id"], "input": {"config": {"appId": app_id, "endpointId": "x"}}},
        )
    )["updateWidget"]
    assert errors_of(bad) == {"config.endpointId": "unknown_endpoint"}
    needs_config = (
        await api.query(UPDATE_WIDGET, {"id": widget["id"], "input": {"type": "NOTE"}})
    )["updateWidget"]
    assert errors_of(needs_config) == {"config": "required"}
    switched = (
        await api.query(
            UPDATE_WIDGET, {"id": widget["id"], "input": {"type": "NOTE", "config": {"text": "t"}}}
        )
    )["updateWidget"]
    assert switched["type"] == "NOTE" and switched["app"] is None
    deleted = (await api.query(DELETE_WIDGET, {"id": widget["id"]}))["deleteWidget"]
    assert deleted == {"__typename": "Deleted", "id": widget["id"]}
    missing = (await api.query(DELETE_WIDGET, {"id": widget["id"]}))["deleteWidget"]
    assert errors_of(missing) == {"id": "not_found"}


async def test_deleting_an_app_deletes_its_widgets(api: Api, demo_integration: object) -> None:
    app_id = await demo_app(api)
    other = await demo_app(api)
    await create_widget(api, type="INTEGRATION", config={"appId": app_id, "endpointId": "reading"})
    kept = await create_widget(
        api, type="INTEGRATION", config={"appId": other, "endpointId": "reading"}
    )
    note = await create_widget(api, type="NOTE", config={"text": "stays"})
    await api.query(DELETE, {"id": app_id})
    remaining = await api.query("{ widgets { id } }")
    assert {w["id"] for w in remaining["widgets"]} == {kept["id"], note["id"]}


async def test_removing_the_integration_deletes_widgets_of_its_endpoints(
    api: Api, demo_integration: object
) -> None:
    app_id = await demo_app(api)
    await create_widget(api, type="INTEGRATION", config={"appId": app_id, "endpointId": "reading"})
    await api.query(
        "mutation($id: ID!) { updateApp(id: $id, input: {integrationType: null}) { __typename } }",
        {"id": app_id},
    )
    assert await Widget.all().count() == 0
