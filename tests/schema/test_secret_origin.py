"""Stored secrets are bound to the origin they were entered for: a config pointing elsewhere
must enter them again, and until it does nothing is written and nothing is sent.

Two fake services on two loopback ports are two origins: the second one records every byte it
receives, and must never see a secret stored for the first."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from typing import Any

import pytest

from app.models import App
from tests.schema.test_apps import UPDATE, create, errors_of
from tests.schema.test_integration_data import data, demo_app
from tests.schema.test_test_integration import TEST
from tests.support.api import Api
from tests.support.fake_service import API_KEY, FakeService, running_fake_service

PASSWORD = "canary-qb-password-58d2e0"
WEBHOOK = "canary-webhook-token-0b7f44"
REENTER = "SECRET_REENTRY_REQUIRED"


@pytest.fixture
async def home() -> AsyncIterator[FakeService]:
    """Where the secrets were entered for."""
    async with running_fake_service() as service:
        yield service


@pytest.fixture
async def elsewhere() -> AsyncIterator[FakeService]:
    """Another origin (another port on the same host), which must never receive them."""
    async with running_fake_service() as service:
        yield service


def assert_never_received(service: FakeService, *secrets: str) -> None:
    everything = b"\n".join(service.received)
    for secret in secrets:
        assert secret.encode() not in everything, f"{secret} reached {service.url}"


async def run_test(api: Api, integration: str, config: dict[str, Any], app_id: str) -> Any:
    variables = {"integrationType": integration, "config": config, "appId": app_id}
    return (await api.query(TEST, {"input": variables}))["testIntegration"]


async def update(api: Api, app_id: str, **fields: Any) -> dict[str, Any]:
    result: dict[str, Any] = (await api.query(UPDATE, {"id": app_id, "input": fields}))["updateApp"]
    return result


async def test_test_integration_does_not_send_a_stored_api_key_to_another_origin(
    api: Api, home: FakeService, elsewhere: FakeService, caplog: pytest.LogCaptureFixture
) -> None:
    app_id = await demo_app(api, home, "a", extra={"webhookToken": WEBHOOK})
    moved = {"url": elsewhere.base("a"), "credentials": {"type": "apiKey"}}
    with caplog.at_level(logging.INFO):
        result = await run_test(api, "demo", moved, app_id)
    assert errors_of(result) == {
        "config.credentials.apiKey": REENTER,
        "config.extra.webhookToken": REENTER,
    }
    message = result["errors"][0]["message"]
    assert home.url.removeprefix("http://") in message
    assert elsewhere.url.removeprefix("http://") in message
    assert elsewhere.received == []
    assert_never_received(elsewhere, API_KEY, WEBHOOK)
    [record] = [r for r in caplog.records if "refused to reuse" in r.getMessage()]
    assert app_id in record.getMessage() and record.exc_info is None
    assert API_KEY not in caplog.text and WEBHOOK not in caplog.text
    # the same origin, another path: the stored key is still good there
    same = await run_test(api, "demo", {**moved, "url": home.base("b")}, app_id)
    assert same["__typename"] == "TestConnectionSuccess"
    # entered again, it may go to the other origin (the optional webhook token too)
    entered = {
        **moved,
        "credentials": {"apiKey": API_KEY},
        "extra": {"webhookToken": "another-token"},
    }
    assert (await run_test(api, "demo", entered, app_id))["__typename"] == ("TestConnectionSuccess")


async def test_test_integration_does_not_post_a_stored_password_to_another_origin(
    api: Api, home: FakeService, elsewhere: FakeService
) -> None:
    """qBittorrent sends its password in a login form: given only the username, the stored
    password must not be posted to the other listener."""
    config = {"url": home.url, "credentials": {"username": "admin", "password": PASSWORD}}
    app = await create(api, integrationType="qbittorrent", integrationConfig=config)
    moved = {"url": elsewhere.url, "credentials": {"username": "admin"}}
    result = await run_test(api, "qbittorrent", moved, app["id"])
    assert errors_of(result) == {"config.credentials.password": REENTER}
    assert elsewhere.received == []
    assert_never_received(elsewhere, PASSWORD)
    assert PASSWORD not in str(api.responses)


async def test_update_to_another_origin_must_enter_the_secrets_again(
    api: Api, home: FakeService, elsewhere: FakeService
) -> None:
    app_id = await demo_app(api, home, "a")
    before = (await App.get(id=app_id)).integration_config
    result = await update(api, app_id, integrationConfig={"url": elsewhere.base("a")})
    assert errors_of(result) == {"integrationConfig.credentials.apiKey": REENTER}
    assert (await App.get(id=app_id)).integration_config == before  # nothing written
    # the next fetch (any viewer's) still goes where the key was entered for
    fetched = await data(api, app_id)
    assert fetched["json"] == {"value": 42}
    assert home.calls["a"] == 1
    assert elsewhere.received == []

    path_only = await update(api, app_id, integrationConfig={"url": home.base("b")})
    assert path_only["__typename"] == "App"
    assert (await data(api, app_id))["json"] == {"value": 42}
    assert home.calls["b"] == 1  # the stored key was accepted on the new path

    entered = {"url": elsewhere.base("a"), "credentials": {"apiKey": API_KEY}}
    moved = await update(api, app_id, integrationConfig=entered)
    assert moved["__typename"] == "App"
    assert (await data(api, app_id))["json"] == {"value": 42}
    assert elsewhere.calls["a"] == 1


@pytest.mark.parametrize(
    ("stored", "new", "same"),
    [
        ("http://tilewire-a.test", "HTTP://TILEWIRE-A.TEST:80/sonarr", True),
        ("https://tilewire-a.test:443/x", "https://tilewire-a.test/y", True),
        ("http://tilewire-a.test:8080", "http://tilewire-a.test:8080/", True),
        ("http://tilewire-a.test", "https://tilewire-a.test:80", False),
        ("http://tilewire-a.test", "http://tilewire-a.test:8080", False),
        ("http://tilewire-a.test", "http://tilewire-b.test", False),
        ("http://tilewire-a.test", "http://sub.tilewire-a.test", False),
        ("http://127.0.0.1:8080", "http://[::1]:8080", False),
    ],
)
async def test_origin_is_scheme_host_and_port_with_default_ports_normalised(
    api: Api, demo_integration: object, stored: str, new: str, same: bool
) -> None:
    config = {"url": stored, "credentials": {"apiKey": API_KEY}}
    app = await create(api, integrationType="demo", integrationConfig=config)
    result = await update(api, app["id"], integrationConfig={"url": new})
    if same:
        assert result["__typename"] == "App", result
    else:
        assert errors_of(result) == {"integrationConfig.credentials.apiKey": REENTER}


async def test_an_invalid_new_url_is_reported_as_such(api: Api, demo_integration: object) -> None:
    config = {"url": "http://tilewire-a.test", "credentials": {"apiKey": API_KEY}}
    app = await create(api, integrationType="demo", integrationConfig=config)
    result = await update(api, app["id"], integrationConfig={"url": "not a url"})
    assert errors_of(result) == {"integrationConfig.url": "INVALID_URL"}


async def test_other_errors_are_reported_with_the_secrets_to_enter_again(
    api: Api, demo_integration: object
) -> None:
    config = {"url": "http://tilewire-a.test", "credentials": {"apiKey": API_KEY}}
    app = await create(api, integrationType="demo", integrationConfig=config)
    moved = {"url": "http://tilewire-b.test", "timeout": 0}
    result = await update(api, app["id"], integrationConfig=moved)
    assert errors_of(result) == {
        "integrationConfig.timeout": "OUT_OF_RANGE",
        "integrationConfig.credentials.apiKey": REENTER,
    }
