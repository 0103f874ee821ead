"""Configs that cannot be used as stored: a CA bundle that is not one (refused on input; if
stored before that check, a clear error), and a config the keys cannot decrypt (replaced by a
full config; a partial one must enter its secrets again). Each failure is logged once, without
a traceback."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import orjson
import pytest

from app.apps import CONFIG_FIELD
from app.crypto import Keyring, generate_key
from app.models import App
from integrations.config import CA_BUNDLE_MAX_CHARS
from tests.schema.test_apps import UPDATE, create, errors_of
from tests.schema.test_integration_data import data, demo_app
from tests.schema.test_test_integration import TEST
from tests.support.api import Api
from tests.support.certs import make_cert
from tests.support.fake_service import API_KEY, FakeService, running_fake_service

GARBAGE_PEM = "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n"
REENTER = "SECRET_REENTRY_REQUIRED"


@pytest.fixture
async def fake() -> AsyncIterator[FakeService]:
    async with running_fake_service() as service:
        yield service


def failures(caplog: pytest.LogCaptureFixture, app_id: str) -> list[logging.LogRecord]:
    return [r for r in caplog.records if app_id in r.getMessage() and r.levelno >= logging.WARNING]


async def store(api: Api, app_id: str, config: dict[str, Any], keyring: Keyring) -> None:
    """Write a config as an older Tilewire (or another key) would have."""
    row = await App.get(id=app_id)
    row.integration_config = keyring.encrypt(
        orjson.dumps(config), app_id=app_id, field_name=CONFIG_FIELD
    )
    await row.save()


@pytest.mark.parametrize(
    ("bundle", "code"),
    [
        (GARBAGE_PEM, "INVALID_VALUE"),
        ("-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----", "INVALID_VALUE"),
        ("x" * (CA_BUNDLE_MAX_CHARS + 1), "TOO_LONG"),
    ],
)
async def test_a_ca_bundle_that_is_not_one_is_refused(
    api: Api, fake: FakeService, bundle: str, code: str
) -> None:
    config = {"url": fake.base("a"), "credentials": {"apiKey": API_KEY}, "caBundle": bundle}
    created = await create(api, integrationType="demo", integrationConfig=config)
    assert errors_of(created) == {"integrationConfig.caBundle": code}
    tested = (await api.query(TEST, {"input": {"integrationType": "demo", "config": config}}))[
        "testIntegration"
    ]
    assert errors_of(tested) == {"config.caBundle": code}
    assert fake.received == []
    assert "bm90IGEgY2VydGlmaWNhdGU" not in str(api.responses)


async def test_a_certificate_with_its_private_key_is_refused(api: Api, tmp_path: Path) -> None:
    cert = make_cert(tmp_path, "with-key")
    bundle = cert.pem + Path(cert.keyfile).read_text()
    config = {"url": "http://127.0.0.1:9", "credentials": {"apiKey": "k"}, "caBundle": bundle}
    created = await create(api, integrationType="demo", integrationConfig=config)
    assert errors_of(created) == {"integrationConfig.caBundle": "INVALID_VALUE"}
    assert "private key" in created["errors"][0]["message"]
    assert "PRIVATE KEY" not in str(api.responses)
    config["caBundle"] = cert.pem + cert.pem  # a bundle of certificates is fine
    assert (await create(api, integrationType="demo", integrationConfig=config))[
        "__typename"
    ] == "App"


async def test_a_bundle_stored_before_the_check_is_a_clear_error_until_replaced(
    api: Api, fake: FakeService, caplog: pytest.LogCaptureFixture
) -> None:
    app_id = await demo_app(api, fake, "a")
    keyring = api.app.state.services.apps.keyring
    bad = {
        "url": fake.base("a"),
        "credentials": {"type": "apiKey", "apiKey": API_KEY},
        "caBundle": GARBAGE_PEM,
    }
    await store(api, app_id, bad, keyring)
    with caplog.at_level(logging.INFO):
        for _ in range(3):
            fetched = await data(api, app_id)
            assert fetched["error"]["code"] == "INVALID_CONFIG"
            assert app_id in fetched["error"]["message"]
            assert "caBundle" in fetched["error"]["message"]
        [error] = await api.errors("{ apps { integration { type } } }")
        assert error["extensions"]["code"] == "STORED_CONFIG_INVALID"
    [record] = failures(caplog, app_id)
    assert record.exc_info is None and "Traceback" not in caplog.text
    assert fake.calls["a"] == 0
    good = {"url": fake.base("a"), "credentials": {"apiKey": API_KEY}}
    replaced = (await api.query(UPDATE, {"id": app_id, "input": {"integrationConfig": good}}))[
        "updateApp"
    ]
    assert replaced["__typename"] == "App", replaced
    assert (await data(api, app_id))["json"] == {"value": 42}


async def test_a_config_the_keys_cannot_decrypt_is_replaced_by_a_full_one(
    api: Api, fake: FakeService, caplog: pytest.LogCaptureFixture
) -> None:
    app_id = await demo_app(api, fake, "a")
    other = Keyring.parse(generate_key())  # not a key of this Tilewire
    stored = {"url": fake.base("a"), "credentials": {"type": "apiKey", "apiKey": "k"}}
    await store(api, app_id, stored, other)
    before = (await App.get(id=app_id)).integration_config
    with caplog.at_level(logging.INFO):
        for _ in range(3):
            assert (await data(api, app_id))["error"]["code"] == "INVALID_CONFIG"
    [record] = failures(caplog, app_id)
    assert "cannot decrypt" in record.getMessage() and record.exc_info is None

    partial = {"url": fake.base("a"), "credentials": {"type": "apiKey"}}
    tested = (
        await api.query(
            TEST, {"input": {"integrationType": "demo", "config": partial, "appId": app_id}}
        )
    )["testIntegration"]
    assert errors_of(tested) == {"config.credentials.apiKey": REENTER}
    assert "cannot be decrypted" in tested["errors"][0]["message"]
    for fields, expected in (
        ({"integrationConfig": partial}, {"integrationConfig.credentials.apiKey": REENTER}),
        ({"integrationType": "demo"}, {"integrationConfig": REENTER}),
        ({"integrationEnabled": True, "integrationConfig": partial}, None),
    ):
        result = (await api.query(UPDATE, {"id": app_id, "input": fields}))["updateApp"]
        assert errors_of(result) == (expected or {"integrationConfig.credentials.apiKey": REENTER})
    assert (await App.get(id=app_id)).integration_config == before  # nothing written
    assert fake.calls["a"] == 0

    full = {"url": fake.base("a"), "credentials": {"apiKey": API_KEY}}
    tested = (
        await api.query(
            TEST, {"input": {"integrationType": "demo", "config": full, "appId": app_id}}
        )
    )["testIntegration"]
    assert tested["__typename"] == "TestConnectionSuccess"
    replaced = (await api.query(UPDATE, {"id": app_id, "input": {"integrationConfig": full}}))[
        "updateApp"
    ]
    assert replaced["__typename"] == "App"
    assert {"name": "credentials.apiKey", "isSet": True} in replaced["integration"]["secrets"]
    assert (await data(api, app_id))["json"] == {"value": 42}
    assert API_KEY not in caplog.text
