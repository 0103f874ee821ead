"""A plugin (TILEWIRE_PLUGINS) serves typed payloads: a package built and pip-installed outside
Tilewire's tree, loaded by ``tilewire serve``, answers through the Payload union with its own
payload type, as built-in integrations do."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.schema.test_apps import CREATE
from tests.support.fake_service import FakeService, running_fake_service
from tests.support.server import serve, tilewire_script

PLUGIN = "tilewire_brewery"

PYPROJECT = f"""\
[build-system]
requires = ["setuptools>=70.1"]
build-backend = "setuptools.build_meta"

[project]
name = "tilewire-brewery"
version = "0.1.0"
description = "A Tilewire integration for a brewery's fermentation tanks"

[tool.setuptools]
packages = ["{PLUGIN}"]
"""

INIT = f'''\
"""Brewery fermentation tanks, for Tilewire."""

from {PLUGIN}.definition import Brewery

integration = Brewery()
'''

DEFINITION = '''\
"""The brewery integration: ``GET tanks`` answers the tanks and their readings."""

from __future__ import annotations

from pydantic import Field

from integrations.base import ServiceClient
from integrations.capabilities import Payload
from integrations.types import Integration, ServiceInfo, endpoint


class Tank(Payload):
    """One fermentation tank."""

    name: str
    litres: float = Field(description="what the tank holds now")
    gravity_readings: int


class Fermentation(Payload):
    """The brewery's fermentation tanks."""

    brewery: str
    tanks: list[Tank]


class Brewery(Integration[ServiceClient]):
    id = "brewery"
    name = "Brewery"
    categories = ("brewing",)

    async def test_connection(self, client: ServiceClient) -> ServiceInfo:
        await client.get_json("tanks", Fermentation)
        return ServiceInfo()

    @endpoint("fermentation", name="Fermentation", description="Tanks and readings", ttl=30)
    async def fermentation(self, client: ServiceClient) -> Fermentation:
        return await client.get_json("tanks", Fermentation)
'''

TANKS = {
    "brewery": "Old Mill",
    "tanks": [
        {"name": "FV1", "litres": 812.5, "gravityReadings": 3_000_000_000},
        {"name": "FV2", "litres": 0.0, "gravityReadings": 0},
    ],
}

DATA = """query($app: ID!) { integrationData(appId: $app, endpointId: "fermentation") {
  payload { __typename ... on Fermentation { brewery tanks { name litres gravityReadings } } }
  error { code message } } }"""

CATALOGUE = """{ integration(id: "brewery") { name endpoints { id payloadType } } }"""


@pytest.fixture(scope="module")
def plugin_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The plugin package, built from its own source tree and installed with pip into a
    directory of its own (offline: no index, no dependencies, no build isolation)."""
    root = tmp_path_factory.mktemp("plugin")
    source = root / "tilewire-brewery"
    (source / PLUGIN).mkdir(parents=True)
    (source / "pyproject.toml").write_text(PYPROJECT)
    (source / PLUGIN / "__init__.py").write_text(INIT)
    (source / PLUGIN / "definition.py").write_text(DEFINITION)
    site = root / "site"
    subprocess.run(
        [
            *(sys.executable, "-m", "pip", "install", "--quiet", "--no-index", "--no-deps"),
            *("--no-build-isolation", "--target", str(site), str(source)),
        ],
        check=True,
        timeout=300,
        capture_output=True,
        env={**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"},
    )
    assert (site / PLUGIN / "definition.py").is_file()
    return site


@pytest.fixture
async def fake() -> AsyncIterator[FakeService]:
    async with running_fake_service() as service:
        yield service


async def gql(http: httpx.AsyncClient, url: str, query: str, **variables: Any) -> dict[str, Any]:
    response = await http.post(f"{url}/graphql", json={"query": query, "variables": variables})
    body: dict[str, Any] = response.json()
    assert response.status_code == 200 and not body.get("errors"), body
    data: dict[str, Any] = body["data"]
    return data


async def test_a_plugin_serves_its_own_typed_payload(
    plugin_site: Path, fake: FakeService, tmp_path: Path
) -> None:
    fake.canned["brewery/tanks"] = TANKS
    env = {
        "TILEWIRE_DATA_DIR": str(tmp_path),
        "TILEWIRE_PLUGINS": PLUGIN,
        "PYTHONPATH": str(plugin_site),
    }
    command = (str(tilewire_script()), "serve")
    with serve(env, tmp_path / "server.log", command=command) as server:
        async with httpx.AsyncClient(timeout=10) as http:
            catalogue = await gql(http, server.url, CATALOGUE)
            assert catalogue["integration"] == {
                "name": "Brewery",
                "endpoints": [{"id": "fermentation", "payloadType": "Fermentation"}],
            }
            created = await gql(
                http,
                server.url,
                CREATE,
                input={
                    "name": "Brewery",
                    "integrationType": "brewery",
                    "integrationConfig": {"url": fake.base("brewery")},
                },
            )
            app_id = created["createApp"]["id"]
            data = (await gql(http, server.url, DATA, app=app_id))["integrationData"]
    assert data == {
        "payload": {
            "__typename": "Fermentation",
            "brewery": "Old Mill",
            "tanks": [
                {"name": "FV1", "litres": 812.5, "gravityReadings": 3_000_000_000},
                {"name": "FV2", "litres": 0.0, "gravityReadings": 0},
            ],
        },
        "error": None,
    }
    assert fake.calls["brewery"] == 1
    assert "Traceback" not in server.log()


def test_importing_the_schema_loads_no_integration() -> None:
    """The union is built with the schema, so importing the GraphQL layer (and the ASGI app)
    imports no integration package: plugins named at start-up are in time."""
    probe = (
        "import sys, schema.schema, app.main\n"
        "print(sorted(m for m in sys.modules\n"
        "             if m.startswith('integrations.') and m.endswith('.definition')))"
    )
    found = subprocess.run(
        [sys.executable, "-c", probe], check=True, capture_output=True, text=True, timeout=60
    )
    assert found.stdout.strip() == "[]"
