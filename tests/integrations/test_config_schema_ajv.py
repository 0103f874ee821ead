"""Every integration's config schema, as a browser form uses it: it compiles under ajv's strict
JSON Schema 2020-12 mode (real ajv, in Node), states how the credential set is picked, and
agrees with the server's validation on a corpus of valid and invalid configs."""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from integrations.addresses import DEFAULT_POLICY, validation_context
from integrations.config import check_config
from integrations.config_schema import SERVER_ONLY, SOCKET_URL_SCHEMES, URL_SCHEMES
from integrations.registry import registry
from integrations.types import Integration
from tests.integrations.config_corpus import URL, Case, corpus
from tests.support.node_packages import install_node_packages

AJV_DIR = Path(__file__).with_name("ajv")
NODE_TIMEOUT = 120.0
GARBAGE_PEM = "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----"
SERVER_ONLY_CASES = [
    # (what, config overrides, the server's code): the schema cannot know these
    ("a cloud metadata address", {"url": "http://169.254.169.254"}, "address_not_allowed"),
    ("a link-local address", {"url": "http://[fe80::1]:8080"}, "address_not_allowed"),
    ("a PEM bundle that does not parse", {"caBundle": GARBAGE_PEM}, "value_error"),
]
INTEGRATIONS = sorted(registry.all(), key=lambda i: i.id)


@dataclass
class Verdict:
    valid: bool | None
    errors: list[str]


@dataclass
class AjvRun:
    compile_errors: dict[str, str]
    verdicts: list[Verdict]


def ajv(schemas: dict[str, Any], cases: list[tuple[str, Any]]) -> AjvRun:
    """Compile ``schemas`` with ``new Ajv2020({strict: true})`` and validate each (schema id,
    data) case, in one Node process."""
    install_node_packages(AJV_DIR, "ajv, the JSON Schema validator of browser forms")
    job = {"schemas": schemas, "cases": [{"schema": s, "data": d} for s, d in cases]}
    done = subprocess.run(
        ["node", str(AJV_DIR / "validate.mjs")],
        input=json.dumps(job),
        capture_output=True,
        text=True,
        cwd=AJV_DIR,
        timeout=NODE_TIMEOUT,
    )
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    return AjvRun(
        answer["compileErrors"], [Verdict(r["valid"], r["errors"]) for r in answer["results"]]
    )


def server_accepts(integration: Integration[Any], config: Any) -> tuple[bool, list[str]]:
    """What the server says of ``config``, through the validation every write goes through
    (under the default address policy)."""
    if not isinstance(config, dict):
        return False, ["not an object"]  # refused before validation: WRONG_TYPE
    checked = check_config(
        integration.config_model, config, context=validation_context(DEFAULT_POLICY)
    )
    return checked.config is not None, [f"{p.field}: {p.code}" for p in checked.problems]


@pytest.fixture(scope="module")
def run() -> tuple[list[Case], AjvRun]:
    cases = [case for integration in INTEGRATIONS for case in corpus(integration)]
    extra = [
        Case(i.id, f"server only: {what}", {**minimal(i), **overrides}, False)
        for i in INTEGRATIONS
        for what, overrides, _ in SERVER_ONLY_CASES
    ]
    schemas = {i.id: i.json_schema() for i in INTEGRATIONS}
    result = ajv(schemas, [(c.integration, c.config) for c in cases + extra])
    return cases + extra, result


def minimal(integration: Integration[Any]) -> dict[str, Any]:
    for case in corpus(integration):
        if case.name == "minimal":
            assert isinstance(case.config, dict)
            return case.config
    raise AssertionError(f"{integration.id}: no minimal config")


def test_every_config_schema_compiles_under_ajv_strict_mode(
    run: tuple[list[Case], AjvRun],
) -> None:
    _, result = run
    assert result.compile_errors == {}


@pytest.mark.parametrize("integration", INTEGRATIONS, ids=lambda i: i.id)
def test_schema_and_server_agree(
    run: tuple[list[Case], AjvRun], integration: Integration[Any]
) -> None:
    cases, result = run
    mine = [
        (case, verdict)
        for case, verdict in zip(cases, result.verdicts, strict=True)
        if case.integration == integration.id and not case.name.startswith("server only")
    ]
    assert len(mine) > 30
    assert {case.valid for case, _ in mine} == {True, False}
    disagreements = []
    for case, verdict in mine:
        server, problems = server_accepts(integration, case.config)
        if not (verdict.valid == server == case.valid):
            disagreements.append(
                f"{case.name}: expected {case.valid}, ajv {verdict.valid} {verdict.errors[:3]}, "
                f"server {server} {problems}"
            )
    assert not disagreements, "\n".join(disagreements)


def test_what_only_the_server_checks_is_said_and_refused(
    run: tuple[list[Case], AjvRun],
) -> None:
    cases, result = run
    codes = {what: code for what, _, code in SERVER_ONLY_CASES}
    seen = 0
    for case, verdict in zip(cases, result.verdicts, strict=True):
        if not case.name.startswith("server only: "):
            continue
        seen += 1
        assert verdict.valid is True, (case.name, verdict.errors)  # the schema cannot know
        server, problems = server_accepts(registry.get(case.integration), case.config)
        assert not server
        assert any(p.endswith(codes[case.name.removeprefix("server only: ")]) for p in problems)
    assert seen == len(INTEGRATIONS) * len(SERVER_ONLY_CASES)
    for integration in INTEGRATIONS:
        assert integration.json_schema()["$comment"] == SERVER_ONLY


@pytest.mark.parametrize("integration", INTEGRATIONS, ids=lambda i: i.id)
def test_the_credential_set_picker_is_stated(integration: Integration[Any]) -> None:
    schema = integration.json_schema()
    tags = [alternative[0] for alternative in integration.credential_alternatives()]
    credentials = schema["properties"]["credentials"]
    assert credentials["properties"]["type"] == {"type": "string", "enum": tags}
    constants = [
        schema["$defs"][then["$ref"].rsplit("/", 1)[-1]]["properties"]["type"]["const"]
        for then in (pick["then"] for pick in credentials["allOf"][:-1])
    ]
    assert constants == tags  # each set's schema has its type as a const
    [picker] = [f for f in integration.form(picker=True) if f.discriminator]
    assert not any(f.discriminator for f in integration.form())
    assert (picker.name, picker.options, picker.group) == (
        "credentials.type",
        tuple(tags),
        "credentials",
    )
    for tag, label, description, fields in integration.credential_alternatives():
        assert label and description, tag
        assert all(f.group == f"credentials:{tag}" for f in fields)
    [url] = [f for f in integration.form() if f.name == "url"]
    schemes = SOCKET_URL_SCHEMES if integration.unix_socket else URL_SCHEMES
    assert url.url_schemes == schemes and url.pattern is not None
    assert URL.startswith(URL_SCHEMES)
