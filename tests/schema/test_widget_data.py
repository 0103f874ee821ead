"""Widget.data: a whole dashboard in one document, batched (one upstream call per App
endpoint, one query for the Apps), warmed and answered from the response cache like the
aliased integrationData form, and never served after an App or a widget changed."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from typing import Any

import pytest

from tests.schema.test_apps import UPDATE
from tests.schema.test_integration_data import Clock, demo_app
from tests.schema.test_response_cache import count_executions
from tests.schema.test_widgets import DELETE_WIDGET, UPDATE_WIDGET, create_widget, integration
from tests.support.api import Api
from tests.support.fake_service import FakeService, running_fake_service

DASHBOARD = """query Dashboard { widgets { id title
  app { id name }
  data { appId endpointId stale json error { code message } } } }"""


@pytest.fixture
async def fake() -> AsyncIterator[FakeService]:
    async with running_fake_service() as service:
        yield service


def statements(caplog: pytest.LogCaptureFixture, table: str) -> list[str]:
    """The SQL statements run so far that read ``table``."""
    return [
        r.getMessage()
        for r in caplog.records
        if r.name == "tortoise.db_client" and f'FROM "{table}"' in r.getMessage()
    ]


async def dashboard(api: Api) -> list[dict[str, Any]]:
    widgets: list[dict[str, Any]] = (await api.query(DASHBOARD))["widgets"]
    return widgets


async def test_a_dashboard_in_one_document_makes_one_call_per_app_endpoint(
    api: Api, fake: FakeService, caplog: pytest.LogCaptureFixture
) -> None:
    apps = {name: await demo_app(api, fake, name) for name in ("a", "b", "c")}
    fake.values["b"] = 7
    shown = [("a", "reading")] * 5 + [("a", "fast")] * 3 + [("b", "reading")] * 4
    for n, (name, endpoint) in enumerate(shown):
        await create_widget(api, title=f"w{n}", config=integration(apps[name], endpoint))
    await create_widget(api, title="note", config={"note": {"text": "hi"}})
    await create_widget(api, title="link", config={"link": {"url": "https://example.org/"}})
    fake.latency.update(a=0.1, b=0.1)  # every widget asks while the calls are in flight
    caplog.clear()
    with caplog.at_level(logging.DEBUG, logger="tortoise.db_client"):
        widgets = await dashboard(api)

    assert [w["title"] for w in widgets] == [f"w{n}" for n in range(12)] + ["note", "link"]
    for widget, (name, endpoint) in zip(widgets, shown, strict=False):
        assert widget["app"] == {"id": apps[name], "name": name}
        assert widget["data"] == {
            "appId": apps[name],
            "endpointId": endpoint,
            "stale": False,
            "json": {"value": 7 if name == "b" else 42},
            "error": None,
        }
    assert [(w["app"], w["data"]) for w in widgets[-2:]] == [(None, None), (None, None)]
    # one upstream call per (App, endpoint): a/reading and a/fast share a's path, c is unshown
    assert dict(fake.calls) == {"a": 2, "b": 1}
    # the widgets, then every widget's App and every value's App lookup: one query each
    assert len(statements(caplog, "widgets")) == 1
    [apps_read] = statements(caplog, "apps")
    assert apps["a"] in apps_read and apps["b"] in apps_read


async def test_a_widget_of_a_disabled_app_shows_why_it_has_no_data(
    api: Api, fake: FakeService
) -> None:
    app_id = await demo_app(api, fake, "a")
    await create_widget(api, config=integration(app_id))
    await api.query(UPDATE, {"id": app_id, "input": {"integrationEnabled": False}})
    [widget] = await dashboard(api)
    assert widget["data"]["json"] is None
    assert widget["data"]["error"]["code"] == "INTEGRATION_DISABLED"
    assert fake.calls["a"] == 0


async def test_the_dashboard_document_is_answered_from_the_response_cache(
    api: Api, fake: FakeService, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = Clock()
    api.app.state.services.live.hub.clock = clock
    app_id = await demo_app(api, fake, "a")
    await create_widget(api, title="first", config=integration(app_id))
    executions = count_executions(api, monkeypatch)

    first = await dashboard(api)
    for _ in range(3):
        assert await dashboard(api) == first
    assert executions[0] == 1

    clock.now += 11  # the value expired: executed and fetched again
    fake.values["a"] = 5
    assert (await dashboard(api))[0]["data"]["json"] == {"value": 5}
    assert executions[0] == 2 and fake.calls["a"] == 2


async def test_any_widget_or_app_change_outdates_a_cached_dashboard(
    api: Api, fake: FakeService
) -> None:
    # the clock stands still: "fast" lives 0.3 s, which a loaded machine could outlast
    api.app.state.services.live.hub.clock = Clock()
    app_id = await demo_app(api, fake, "a")
    widget = await create_widget(api, title="first", config=integration(app_id))
    assert [w["title"] for w in await dashboard(api)] == ["first"]

    second = await create_widget(api, title="second", config=integration(app_id, "fast"))
    assert [w["title"] for w in await dashboard(api)] == ["first", "second"]

    await api.query(UPDATE_WIDGET, {"id": widget["id"], "input": {"title": "renamed"}})
    assert [w["title"] for w in await dashboard(api)] == ["renamed", "second"]

    await api.query(DELETE_WIDGET, {"id": second["id"]})
    assert [w["title"] for w in await dashboard(api)] == ["renamed"]

    # a change that leaves the App's config (and so its cached values) alone
    await api.query(UPDATE, {"id": app_id, "input": {"name": "Renamed App"}})
    assert (await dashboard(api))[0]["app"]["name"] == "Renamed App"
    assert fake.calls["a"] == 2  # reading once, fast once: the values stayed cached


async def test_an_expired_dashboard_document_fetches_before_executing(
    api: Api, fake: FakeService, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The warm path of the aliased form serves `widgets { data }` too: once its response
    expired, the next request asks every upstream before Strawberry executes anything."""
    clock = Clock()
    api.app.state.services.live.hub.clock = clock
    for name in ("a", "b", "slow"):
        await create_widget(api, config=integration(await demo_app(api, fake, name)))
    fake.latency["slow"] = 0.2
    await dashboard(api)

    schema = api.app.state.graphql.view.schema
    original, seen_at_execution = schema.execute, []

    async def execute(*args: object, **kwargs: object) -> object:
        for _ in range(500):  # bounded: without the warm path this gives up after 5 s
            if sum(fake.calls.values()) == 6:
                break
            await asyncio.sleep(0.01)
        seen_at_execution.append(dict(fake.calls))
        return await original(*args, **kwargs)

    monkeypatch.setattr(schema, "execute", execute)
    clock.now += 11
    fake.values["b"] = 8
    widgets = await dashboard(api)
    assert [w["data"]["json"]["value"] for w in widgets] == [42, 8, 42]
    assert seen_at_execution == [{"a": 2, "b": 2, "slow": 2}]
    assert fake.arrivals[-3] == "slow"  # the slowest was asked first
