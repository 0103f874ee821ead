"""The upstream address policy through GraphQL: createApp, updateApp and testIntegration refuse
link-local and metadata URLs with a field error saying which setting allows them; a name that
resolves to a refused address fails at connect time; the settings allow and deny ranges."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from tests.schema.test_apps import CREATE, UPDATE, demo_config, errors_of
from tests.schema.test_integration_data import DATA
from tests.schema.test_test_integration import run_test
from tests.support.api import Api, api_for
from tests.support.fake_service import API_KEY, FakeService, running_fake_service

REFUSED_URLS = [
    "http://169.254.169.254",
    "http://169.254.169.254:80/latest/meta-data",
    "http://[fd00:ec2::254]",
    "http://[::ffff:169.254.169.254]",
    "http://metadata.google.internal",
    "http://metadata",
    "http://instance-data",
    "http://100.100.100.200",
    "http://[fe80::1]:8080",
    "http://169.254.1.1:8080",
    "http://[64:ff9b::a9fe:a9fe]",
    "http://[2002:a9fe:a9fe::1]",
    "http://2852039166",
]
ALLOWED_URLS = [
    "http://127.0.0.1:8080",
    "http://[::1]:8080",
    "http://10.0.0.5",
    "http://172.20.1.2:9000",
    "http://192.168.1.20:8080",
    "http://[fd00::5]",
    "http://nas.lan:5000",
]
LINK_LOCAL_HINT = "TILEWIRE_ALLOW_LINK_LOCAL=true or TILEWIRE_UPSTREAM_ALLOW includes it"


@pytest.fixture
async def api(tmp_path: Path) -> AsyncIterator[Api]:
    """Auth off, on SQLite only: what is checked here does not touch the database's kind."""
    async with api_for(f"sqlite://{tmp_path / 'db.sqlite3'}", tmp_path) as client:
        yield client


@pytest.fixture
async def fake() -> AsyncIterator[FakeService]:
    async with running_fake_service() as service:
        yield service


async def create(api: Api, url: str) -> dict[str, Any]:
    variables = {
        "input": {"name": "x", "integrationType": "demo", "integrationConfig": demo_config(url=url)}
    }
    result: dict[str, Any] = (await api.query(CREATE, variables))["createApp"]
    return result


def refusal(result: dict[str, Any], field: str) -> str:
    """The message of the one address refusal ``result`` holds, on ``field``."""
    assert errors_of(result) == {field: "ADDRESS_NOT_ALLOWED"}, result
    message: str = result["errors"][0]["message"]
    return message


def resolving(*addresses: str) -> Any:
    async def resolve(host: str, port: int) -> Sequence[str]:
        return addresses

    return resolve


@pytest.mark.parametrize("url", REFUSED_URLS)
async def test_create_app_refuses_link_local_and_metadata_urls(api: Api, url: str) -> None:
    message = refusal(await create(api, url), "integrationConfig.url")
    assert message.endswith(LINK_LOCAL_HINT) or message.endswith(
        "refused unless TILEWIRE_ALLOW_LINK_LOCAL=true"
    )
    assert (await api.query("{ apps { id } }"))["apps"] == []


@pytest.mark.parametrize("url", REFUSED_URLS)
async def test_test_integration_refuses_them_before_any_connection(api: Api, url: str) -> None:
    result = await run_test(api, demo_config(url=url))
    assert "TILEWIRE_ALLOW_LINK_LOCAL=true" in refusal(result, "config.url")


async def test_update_app_refuses_them(api: Api) -> None:
    created = await create(api, "http://192.168.1.20:8080")
    assert created["__typename"] == "App"
    for url in REFUSED_URLS:
        variables = {"id": created["id"], "input": {"integrationConfig": demo_config(url=url)}}
        updated = (await api.query(UPDATE, variables))["updateApp"]
        refusal(updated, "integrationConfig.url")
    app = await api.query("query($id: ID!) { app(id: $id) { integration { config } } }", created)
    assert app["app"]["integration"]["config"]["url"] == "http://192.168.1.20:8080/"


@pytest.mark.parametrize("url", ALLOWED_URLS)
async def test_loopback_and_private_urls_are_accepted(api: Api, url: str) -> None:
    assert (await create(api, url))["__typename"] == "App"


async def test_the_message_names_the_address(api: Api) -> None:
    message = refusal(await create(api, "http://[::ffff:169.254.169.254]"), "integrationConfig.url")
    assert message.startswith("::ffff:a9fe:a9fe (169.254.169.254) is a cloud metadata address")
    named = refusal(await create(api, "http://metadata.google.internal"), "integrationConfig.url")
    assert named == (
        "metadata.google.internal is a cloud metadata host name, "
        "refused unless TILEWIRE_ALLOW_LINK_LOCAL=true"
    )


async def test_allow_link_local_lets_them_back(tmp_path: Path) -> None:
    url = f"sqlite://{tmp_path / 'db.sqlite3'}"
    async with api_for(url, tmp_path, allow_link_local=True) as api:
        for refused in REFUSED_URLS:
            assert (await create(api, refused))["__typename"] == "App"


async def test_upstream_allow_re_permits_a_range(tmp_path: Path) -> None:
    url = f"sqlite://{tmp_path / 'db.sqlite3'}"
    async with api_for(url, tmp_path, upstream_allow="169.254.10.0/24, fe80::/64") as api:
        assert (await create(api, "http://169.254.10.5:8080"))["__typename"] == "App"
        assert (await create(api, "http://[fe80::2]"))["__typename"] == "App"
        message = refusal(await create(api, "http://169.254.169.254"), "integrationConfig.url")
        assert message.endswith(LINK_LOCAL_HINT)


async def test_upstream_deny_refuses_a_range_even_if_allowed(tmp_path: Path) -> None:
    url = f"sqlite://{tmp_path / 'db.sqlite3'}"
    settings = {"upstream_deny": "192.168.0.0/16", "upstream_allow": "192.168.7.0/24"}
    async with api_for(url, tmp_path, **settings) as api:
        for denied in (
            "http://192.168.1.20:8080",
            "http://192.168.7.7",
            "http://[::ffff:c0a8:101]",
        ):
            message = refusal(await create(api, denied), "integrationConfig.url")
            assert message.endswith("is in 192.168.0.0/16, which TILEWIRE_UPSTREAM_DENY refuses")
        assert (await create(api, "http://10.0.0.5"))["__typename"] == "App"


async def test_a_name_resolving_to_a_denied_address_fails_at_connect_time(
    tmp_path: Path, fake: FakeService
) -> None:
    """The system resolver, for real: localhost resolves to loopback, denied here."""
    port = fake.url.rsplit(":", 1)[1]
    url = f"sqlite://{tmp_path / 'db.sqlite3'}"
    async with api_for(url, tmp_path, upstream_deny="127.0.0.0/8,::1/128") as api:
        config = {"url": f"http://localhost:{port}/svc/a", "credentials": {"apiKey": API_KEY}}
        result = await run_test(api, config)
    assert result["__typename"] == "TestConnectionFailure", result
    error = result["error"]
    assert error["code"] == "ADDRESS_NOT_ALLOWED"
    assert error["message"].startswith("localhost resolves to ")
    assert "which TILEWIRE_UPSTREAM_DENY refuses" in error["message"]
    assert error["url"] == f"http://localhost:{port}/svc/a/version"
    assert fake.versions["a"] == 0


async def test_a_name_rebinding_to_a_metadata_address_is_refused_for_tests_and_data(
    api: Api, fake: FakeService
) -> None:
    port = fake.url.rsplit(":", 1)[1]
    hub = api.app.state.services.live.hub
    hub.addresses = dataclasses.replace(hub.addresses, resolve=resolving("127.0.0.1"))
    config = {"url": f"http://rebind.test:{port}/svc/a", "credentials": {"apiKey": API_KEY}}
    assert (await run_test(api, config))["__typename"] == "TestConnectionSuccess"
    created = (
        await api.query(
            CREATE, {"input": {"name": "a", "integrationType": "demo", "integrationConfig": config}}
        )
    )["createApp"]
    assert created["__typename"] == "App"

    hub.addresses = dataclasses.replace(hub.addresses, resolve=resolving("169.254.169.254"))
    await hub.invalidate(created["id"])  # a new client, as after the TTL
    result = await run_test(api, config)
    assert result["error"]["code"] == "ADDRESS_NOT_ALLOWED"
    expected = "rebind.test resolves to 169.254.169.254, a cloud metadata address, refused unless "
    assert result["error"]["message"] == expected + LINK_LOCAL_HINT
    data = (await api.query(DATA, {"app": created["id"], "endpoint": "reading"}))["integrationData"]
    assert data["error"]["code"] == "ADDRESS_NOT_ALLOWED"
    assert data["error"]["url"] == f"http://rebind.test:{port}/svc/a/reading"
    assert fake.versions["a"] == 1  # the first test only
    assert fake.calls["a"] == 0


async def test_an_app_saved_before_the_policy_changed_shows_why_it_gets_no_data(
    tmp_path: Path,
) -> None:
    url = f"sqlite://{tmp_path / 'db.sqlite3'}"
    async with api_for(url, tmp_path, allow_link_local=True) as allowing:
        created = await create(allowing, "http://169.254.10.5:8080")
    async with api_for(url, tmp_path) as api:
        query = "query($id: ID!) { app(id: $id) { integration { config } } }"
        app = await api.query(query, {"id": created["id"]})
        assert app["app"]["integration"]["config"]["url"] == "http://169.254.10.5:8080/"
        data = (await api.query(DATA, {"app": created["id"], "endpoint": "reading"}))[
            "integrationData"
        ]
    assert data["error"]["code"] == "ADDRESS_NOT_ALLOWED"
    assert (
        data["error"]["message"]
        == f"169.254.10.5 is a link-local address, refused unless {LINK_LOCAL_HINT}"
    )
