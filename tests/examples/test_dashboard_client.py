"""examples/dashboard-client, the typed TypeScript dashboard client: its types are generated
from schema/schema.graphql and it type-checks under ``--strict``, so a schema change that breaks
typed clients fails here; compiled, it shows a real Tilewire's dashboard and a live value.

Its npm packages are installed once per lock file (``npm ci``); without Node.js and npm the
tests skip, or fail under TILEWIRE_REQUIRE_SERVICES=1.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import httpx
import pytest

from app.auth import Role, mint_token
from tests.browser.dashboard import SECRET, tilewire
from tests.integrations.upstream import fixture_body
from tests.support.fake_service import FakeService
from tests.support.node_packages import install_node_packages

ROOT = Path(__file__).resolve().parents[2]
CLIENT = ROOT / "examples" / "dashboard-client"
SCHEMA = ROOT / "schema" / "schema.graphql"
STEP_TIMEOUT = 180.0
RUN_TIMEOUT = 30.0


@pytest.fixture(scope="module")
def installed() -> Path:
    install_node_packages(CLIENT, "the typed dashboard client")
    return CLIENT


def step(directory: Path, tool: str, *args: str, schema: Path | None = None) -> tuple[int, str]:
    """Run one of the client's npm tools (graphql-codegen, tsc): exit code and output."""
    env = {**os.environ, "NO_COLOR": "1", "FORCE_COLOR": "0"}
    if schema is not None:
        env["TILEWIRE_SCHEMA"] = str(schema)
    done = subprocess.run(
        [str(CLIENT / "node_modules" / ".bin" / tool), *args],
        cwd=directory,
        env=env,
        capture_output=True,
        text=True,
        timeout=STEP_TIMEOUT,
    )
    return done.returncode, (done.stdout + done.stderr).strip()


def generated(workdir: Path, schema_text: str) -> tuple[Path, int, str]:
    """A copy of the client (sharing its node_modules) with its types generated from
    ``schema_text``: the copy, and codegen's exit code and output."""
    copy = workdir / "dashboard-client"
    shutil.copytree(CLIENT, copy, ignore=shutil.ignore_patterns("node_modules", "build", "gql"))
    (copy / "node_modules").symlink_to(CLIENT / "node_modules", target_is_directory=True)
    schema = workdir / "schema.graphql"
    schema.write_text(schema_text)
    code, output = step(copy, "graphql-codegen", "--errors-only", schema=schema)
    return copy, code, output


@pytest.fixture(scope="module")
def fresh(installed: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The client with its types generated from the schema as it is now."""
    copy, code, output = generated(tmp_path_factory.mktemp("fresh"), SCHEMA.read_text())
    assert code == 0, f"codegen failed against schema/schema.graphql:\n{output[-4000:]}"
    return copy


@pytest.fixture(scope="module")
def built(fresh: Path) -> Path:
    """The fresh client compiled to JavaScript (``npm run build``): its ``build`` folder."""
    code, output = step(fresh, "tsc", "--noEmit", "false", "-p", ".")
    assert code == 0, output
    return fresh / "build"


def test_committed_types_match_the_schema(installed: Path) -> None:
    code, output = step(installed, "graphql-codegen", "--check", "--errors-only")
    assert code == 0, (
        "examples/dashboard-client/src/gql is stale, or its documents no longer match "
        "schema/schema.graphql: run `npm run codegen` in examples/dashboard-client (after "
        f"`npm ci`) and commit src/gql.\n{output[-4000:]}"
    )


def test_client_type_checks_strictly_against_the_schema(fresh: Path) -> None:
    code, output = step(fresh, "tsc", "--noEmit", "--strict", "-p", ".")
    assert code == 0, f"the typed client no longer compiles against the schema:\n{output[-4000:]}"
    assert output == ""


def test_a_payload_type_the_client_does_not_handle_fails_the_type_check(
    installed: Path, tmp_path: Path
) -> None:
    schema = SCHEMA.read_text()
    union = re.search(r"^union Payload = .*$", schema, re.M)
    assert union, "schema/schema.graphql has no Payload union"
    schema = schema.replace(union[0], f"{union[0]} | SolarInverter")
    schema += "\ntype SolarInverter {\n  watts: Long!\n}\n"
    copy, code, output = generated(tmp_path, schema)
    assert code == 0, output
    code, output = step(copy, "tsc", "--noEmit", "--strict", "-p", ".")
    assert code != 0
    assert re.search(
        r"src/payloads\.ts\(\d+,\d+\): error TS2345: .*SolarInverter.*'never'", output
    ), output


def test_a_field_the_client_reads_renamed_in_the_schema_fails_codegen(
    installed: Path, tmp_path: Path
) -> None:
    schema = SCHEMA.read_text()
    status = re.search(r"^type DownloadClientStatus \{.*?^\}", schema, re.M | re.S)
    assert status and "  downloadSpeed: Long!\n" in status[0]
    renamed = status[0].replace("  downloadSpeed: Long!\n", "  downloadRate: Long!\n", 1)
    schema = schema.replace(status[0], renamed)
    _, code, output = generated(tmp_path, schema)
    assert code != 0
    assert 'Cannot query field "downloadSpeed" on type "DownloadClientStatus"' in output, output


# --- the compiled client -------------------------------------------------------------------


def test_client_unit_tests_pass(built: Path) -> None:
    done = subprocess.run(
        ["node", "--test", str(built)],
        capture_output=True,
        text=True,
        timeout=STEP_TIMEOUT,
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert re.search(r"^# pass [1-9]\d*$", done.stdout, re.M), done.stdout
    assert re.search(r"^# fail 0$", done.stdout, re.M), done.stdout


CREATE_APP = """mutation($input: CreateAppInput!) {
  createApp(input: $input) { __typename ... on App { id } ... on ValidationErrors { errors { argument field message } } } }"""
CREATE_WIDGET = """mutation($input: CreateWidgetInput!) {
  createWidget(input: $input) { __typename ... on ValidationErrors { errors { argument field message } } } }"""


async def admin(url: str, query: str, variables: dict[str, Any]) -> dict[str, Any]:
    token = mint_token(SECRET, Role.ADMIN)
    async with httpx.AsyncClient(base_url=url) as http:
        response = await http.post(
            "/graphql",
            json={"query": query, "variables": variables},
            headers={"Authorization": f"Bearer {token}"},
        )
    body: dict[str, Any] = response.json()
    assert not body.get("errors"), body
    return body["data"]


async def prometheus_app(url: str, fake: FakeService) -> str:
    """An App of the Prometheus integration whose service answers with recorded answers."""
    for path, name in (
        ("api/v1/query", "query_up"),
        ("api/v1/targets", "targets"),
        ("api/v1/status/buildinfo", "buildinfo"),
    ):
        fake.canned[f"prom/{path}"] = fixture_body("prometheus", name)
    config = {"url": fake.base("prom"), "extra": {"query": "up"}}
    data = await admin(
        url,
        CREATE_APP,
        {
            "input": {
                "name": "Prometheus",
                "integrationType": "prometheus",
                "integrationConfig": config,
            }
        },
    )
    assert data["createApp"]["__typename"] == "App", data
    app_id: str = data["createApp"]["id"]
    return app_id


async def widget(
    url: str, kind: str, position: int, config: dict[str, Any], title: str | None = None
) -> None:
    # The config input is a oneOf whose member is the widget's type.
    fields = {"position": position, "config": {kind.lower(): config}, "title": title}
    data = await admin(url, CREATE_WIDGET, {"input": fields})
    assert data["createWidget"]["__typename"] == "Widget", data


async def run_compiled(
    build: Path, *args: str, env: dict[str, str]
) -> tuple[list[dict[str, Any]], int, str]:
    process = await asyncio.create_subprocess_exec(
        "node",
        str(build / "print-dashboard.js"),
        *args,
        env={**os.environ, **env},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        out, err = await asyncio.wait_for(process.communicate(), RUN_TIMEOUT)
    except TimeoutError:
        process.kill()
        await process.wait()
        raise
    events = [json.loads(line) for line in out.decode().splitlines() if line.strip()]
    assert process.returncode is not None
    return events, process.returncode, err.decode()


async def test_compiled_client_shows_a_dashboard_and_a_live_value(
    built: Path, tmp_path: Path
) -> None:
    async with tilewire(tmp_path) as (url, fake, demo_app):
        prom = await prometheus_app(url, fake)
        # Watched live at its own interval (7.5 s: the subscription asks for 8).
        await widget(
            url, "INTEGRATION", 0, {"appId": prom, "endpointId": "query", "refreshInterval": 7.5}
        )
        await widget(url, "INTEGRATION", 1, {"appId": prom, "endpointId": "targets"}, "Targets")
        # The demo integration's Reading payload is a test plugin's, unknown to the client.
        await widget(url, "INTEGRATION", 2, {"appId": demo_app, "endpointId": "reading"})
        await widget(url, "LINK", 3, {"url": "https://example.org/"}, "Docs")
        await widget(url, "NOTE", 4, {"text": "<b>bold</b> claims"})
        events, code, stderr = await run_compiled(
            built,
            f"{url}/graphql",
            "--form",
            "prometheus",
            env={
                "TILEWIRE_TOKEN": mint_token(SECRET, Role.VIEWER),
                "TILEWIRE_ADMIN_TOKEN": mint_token(SECRET, Role.ADMIN),
            },
        )
    assert code == 0, (events, stderr)
    by_kind: dict[str, list[dict[str, Any]]] = {}
    for event in events:
        by_kind.setdefault(event["event"], []).append(event)
    assert by_kind.get("done"), events

    [form] = by_kind["form"]
    assert '<input type="url" name="url" value="" required>' in form["html"]
    assert 'name="extra.query"' in form["html"]
    assert '<fieldset data-credentials="usernamePassword" hidden disabled>' in form["html"]
    [saved] = by_kind["saved"]
    assert set(saved["errors"]) >= {"url"}, saved

    tiles = [event["tile"] for event in by_kind["tile"]]
    assert [(t["type"], t["title"], t["state"]) for t in tiles] == [
        ("INTEGRATION", "Prometheus", "fresh"),
        ("INTEGRATION", "Targets", "fresh"),
        ("INTEGRATION", "sub", "fresh"),
        ("LINK", "Docs", "static"),
        ("NOTE", "Note", "static"),
    ]
    query, targets, reading, link, note = tiles
    assert query["headline"] == "up"
    assert query["rows"] == [["instance=127.0.0.1:18140 job=prometheus", "1"]]
    assert re.fullmatch(r"\d+ up, \d+ down", targets["headline"])
    assert reading["headline"] == "Reading"
    assert reading["rows"] == [["value", "42"]]
    assert link["link"] == "https://example.org/"
    assert note["headline"] == "<b>bold</b> claims"

    [live] = by_kind["live"]
    assert live["tile"]["headline"] == "up"
    assert live["tile"]["rows"] == query["rows"]
