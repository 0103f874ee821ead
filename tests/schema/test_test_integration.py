"""testIntegration: success, the failure taxonomy, validation, stored secrets, and TLS."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from tests.schema.test_apps import CREATE, where
from tests.support.api import Api
from tests.support.certs import make_cert
from tests.support.fake_service import API_KEY, FakeService, running_fake_service
from tests.support.server import free_port

TEST = """mutation($input: TestIntegrationInput!) { testIntegration(input: $input) {
  __typename
  ... on TestConnectionSuccess { latencyMs version details { name value } }
  ... on TestConnectionFailure { latencyMs error { code message status url
        certificate { subject issuer notBefore notAfter sha256 } } }
  ... on ValidationErrors { errors { argument field code message } } } }"""


@pytest.fixture
async def fake() -> AsyncIterator[FakeService]:
    async with running_fake_service() as service:
        yield service


async def run_test(api: Api, config: dict[str, Any], app_id: str | None = None) -> dict[str, Any]:
    variables: dict[str, Any] = {"integrationType": "demo", "config": config}
    if app_id:
        variables["appId"] = app_id
    result: dict[str, Any] = (await api.query(TEST, {"input": variables}))["testIntegration"]
    return result


async def test_success_reports_version_and_latency(api: Api, fake: FakeService) -> None:
    result = await run_test(api, {"url": fake.base("a"), "credentials": {"apiKey": API_KEY}})
    assert result["__typename"] == "TestConnectionSuccess"
    assert result["version"] == "1.2.3"
    assert 0 < result["latencyMs"] < 5000


async def test_wrong_key_is_unauthorized_and_never_echoed(
    api: Api, fake: FakeService, caplog: pytest.LogCaptureFixture
) -> None:
    wrong = "wrong-key-canary-31b9"
    with caplog.at_level(logging.DEBUG):
        result = await run_test(api, {"url": fake.base("a"), "credentials": {"apiKey": wrong}})
    assert result["__typename"] == "TestConnectionFailure"
    assert (result["error"]["code"], result["error"]["status"]) == ("UNAUTHORIZED", 401)
    assert result["error"]["url"] == fake.base("a") + "/version"
    assert wrong not in str(result)
    assert wrong not in caplog.text


async def test_credentials_or_query_in_the_url_are_refused_without_echo(api: Api) -> None:
    for url in ("http://admin:hunter2-canary@host:8080", "http://host:8080/?apikey=hunter2-canary"):
        result = await run_test(api, {"url": url, "credentials": {"apiKey": "k"}})
        assert result["__typename"] == "ValidationErrors"
        assert [where(e) for e in result["errors"]] == ["config.url"]
        assert "hunter2-canary" not in str(result)


async def test_wrong_port_is_connection_refused(api: Api) -> None:
    result = await run_test(
        api, {"url": f"http://127.0.0.1:{free_port()}", "credentials": {"apiKey": "k"}}
    )
    assert result["error"]["code"] == "CONNECTION_REFUSED"


async def test_unknown_host_is_dns_failure(api: Api) -> None:
    result = await run_test(
        api, {"url": "http://no-such-host.invalid", "credentials": {"apiKey": "k"}}
    )
    assert result["error"]["code"] == "DNS_FAILURE"


async def test_not_that_service_is_invalid_response_or_not_found(
    api: Api, fake: FakeService
) -> None:
    result = await run_test(
        api, {"url": fake.url + "/elsewhere", "credentials": {"apiKey": API_KEY}}
    )
    assert result["error"]["code"] == "NOT_FOUND"


async def test_invalid_config_and_unknown_type_are_validation_errors(api: Api) -> None:
    result = await run_test(api, {"url": "nope"})
    assert result["__typename"] == "ValidationErrors"
    assert {where(e) for e in result["errors"]} == {"config.url", "config.credentials.apiKey"}
    assert {(e["argument"], e["field"]) for e in result["errors"]} == {
        ("config", "url"),
        ("config", "credentials.apiKey"),
    }
    unknown = (await api.query(TEST, {"input": {"integrationType": "nope", "config": {}}}))[
        "testIntegration"
    ]
    assert (unknown["errors"][0]["argument"], unknown["errors"][0]["field"]) == (
        "input",
        "integrationType",
    )
    not_object = (await api.query(TEST, {"input": {"integrationType": "demo", "config": [1]}}))[
        "testIntegration"
    ]
    assert not_object["errors"][0] == {
        "argument": "config",
        "field": None,
        "code": "WRONG_TYPE",
        "message": "config must be a JSON object",
    }


async def test_app_id_fills_in_the_stored_secret(api: Api, fake: FakeService) -> None:
    config = {"url": fake.base("a"), "credentials": {"apiKey": API_KEY}}
    app_id = (
        await api.query(
            CREATE, {"input": {"name": "a", "integrationType": "demo", "integrationConfig": config}}
        )
    )["createApp"]["id"]
    without_secret = {"url": fake.base("b"), "credentials": {"type": "apiKey"}}
    assert (await run_test(api, without_secret))["__typename"] == "ValidationErrors"
    merged = await run_test(api, without_secret, app_id)
    assert merged["__typename"] == "TestConnectionSuccess"
    missing = (
        await api.query(
            TEST, {"input": {"integrationType": "demo", "config": without_secret, "appId": "nope"}}
        )
    )["testIntegration"]
    assert missing["errors"][0] == {
        "argument": "input",
        "field": "appId",
        "code": "NOT_FOUND",
        "message": "no App with id 'nope'",
    }
    # no App to take the secret from: that it is missing is said too, in the same answer
    assert [(e["argument"], e["field"], e["code"]) for e in missing["errors"][1:]] == [
        ("config", "credentials.apiKey", "MISSING")
    ]


async def test_self_signed_certificate(api: Api, tmp_path: Path) -> None:
    cert = make_cert(tmp_path, "self-signed")
    async with running_fake_service(cert.certfile, cert.keyfile) as tls:
        base = {"url": tls.base("a"), "credentials": {"apiKey": API_KEY}}
        untrusted = await run_test(api, base)
        assert untrusted["error"]["code"] == "TLS_UNTRUSTED"
        certificate = untrusted["error"]["certificate"]
        assert certificate["sha256"] == cert.sha256
        assert certificate["subject"] == "CN=tilewire-test-self-signed"
        assert certificate["issuer"] == "CN=tilewire-test-self-signed"
        assert cert.sha256 in untrusted["error"]["message"]
        for trusting in (
            {"pinnedSha256": cert.sha256},
            {"pinnedSha256": cert.sha256.replace(":", "").lower()},
            {"caBundle": cert.pem},
            {"verifyTls": False},
        ):
            result = await run_test(api, {**base, **trusting})
            assert result["__typename"] == "TestConnectionSuccess", (trusting, result)
        wrong_pin = await run_test(api, {**base, "pinnedSha256": "AB" * 32})
        assert wrong_pin["error"]["code"] == "TLS_UNTRUSTED"
        assert "pinned" in wrong_pin["error"]["message"]
        assert wrong_pin["error"]["certificate"]["sha256"] == cert.sha256
        assert tls.calls["a"] == 0  # nothing was sent to a server that failed verification


async def test_expired_and_wrong_host_certificates(api: Api, tmp_path: Path) -> None:
    expired = make_cert(tmp_path, "expired", expired=True)
    async with running_fake_service(expired.certfile, expired.keyfile) as tls:
        result = await run_test(
            api, {"url": tls.base("a"), "credentials": {"apiKey": API_KEY}, "caBundle": expired.pem}
        )
        assert result["error"]["code"] == "TLS_EXPIRED"
        assert result["error"]["certificate"]["sha256"] == expired.sha256
    other = make_cert(tmp_path, "other-host", hosts=("other.example",))
    async with running_fake_service(other.certfile, other.keyfile) as tls:
        result = await run_test(
            api, {"url": tls.base("a"), "credentials": {"apiKey": API_KEY}, "caBundle": other.pem}
        )
        assert result["error"]["code"] == "TLS_HOSTNAME_MISMATCH"


async def test_viewer_cannot_test(tmp_path: Path) -> None:
    from app.auth import Role, mint_token
    from tests.support.api import api_for

    secret = "s" * 40
    async with api_for(f"sqlite://{tmp_path / 'db.sqlite3'}", tmp_path, jwt_secret=secret) as api:
        [error] = await api.errors(
            TEST,
            {"input": {"integrationType": "demo", "config": {}}},
            token=mint_token(secret, Role.VIEWER),
        )
        assert error["extensions"]["code"] == "FORBIDDEN"
