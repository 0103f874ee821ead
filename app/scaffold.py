"""``tilewire new-integration``: a new integration package, its tests, fixtures and notes,
laid out the way every shipped integration is, so that the contract tests pass from the start
and the work left is the service's own (see docs/adding-an-integration.md).

Everything is checked and rendered before anything is written: a refused id leaves the tree
as it was. The generated reference (docs/integrations.md, README's table) and the GraphQL SDL
are then regenerated in a child Python running in the target tree, which imports that tree's
packages (the new one included) rather than those of this process.
"""

from __future__ import annotations

import json
import keyword
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
"""The tree this Tilewire runs from: where ``new-integration`` writes unless told otherwise."""

ID_PATTERN = re.compile(r"^[a-z][a-z0-9]{1,31}$")
NAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 .+&()/-]{0,59}$")
RESERVED = frozenset({"families", "conftest", "upstream", "ajv", "config_corpus", "support"})
"""Names already taken in ``integrations/`` or ``tests/integrations/`` by something that is no
integration."""
REGENERATE_TIMEOUT = 300.0

REGENERATE = """\
import sys
from pathlib import Path
import integrations, schema
from integrations.reference import render, with_readme_table
from schema.schema import SDL_PATH, export_sdl
root = Path.cwd().resolve()
for package in (integrations, schema):
    if Path(package.__file__).resolve().parent.parent != root:
        sys.exit(f"{package.__name__} was imported from {package.__file__}, not from {root}")
(root / "docs" / "integrations.md").write_text(render(), encoding="utf-8")
readme = root / "README.md"
if readme.exists():
    readme.write_text(with_readme_table(readme.read_text()), encoding="utf-8")
Path(SDL_PATH).write_text(export_sdl(), encoding="utf-8")
"""
"""Run with the target tree as working directory (and first on ``sys.path``): what
``tilewire integration-docs`` and ``tilewire export-schema`` write."""

GENERATED = ("docs/integrations.md", "README.md", "schema/schema.graphql")


class ScaffoldError(Exception):
    """Why an integration cannot be scaffolded; nothing was written."""


@dataclass(frozen=True, slots=True)
class Names:
    id: str
    name: str
    klass: str
    """The integration class; the client is ``<klass>Client``, the payload ``<klass>Status``."""

    @property
    def client(self) -> str:
        return f"{self.klass}Client"

    @property
    def payload(self) -> str:
        return f"{self.klass}Status"


def names_of(integration_id: str, name: str | None) -> Names:
    if not ID_PATTERN.match(integration_id) or keyword.iskeyword(integration_id):
        raise ScaffoldError(
            f"{integration_id!r} is not a valid integration id: use 2 to 32 lowercase letters "
            "and digits, starting with a letter (it names the Python package, the test "
            "directory and the notes file)"
        )
    if integration_id in RESERVED:
        raise ScaffoldError(f"{integration_id!r} is a name the framework or its tests use")
    shown = integration_id.capitalize() if name is None else name.strip()
    if not NAME_PATTERN.match(shown):
        raise ScaffoldError(
            f"{name!r} is not a usable display name: up to 60 letters, digits, spaces and "
            ". + & ( ) / -, starting with a letter or digit"
        )
    words = re.findall(r"[A-Za-z0-9]+", shown)
    klass = "".join(w[:1].upper() + w[1:] for w in words)
    if not klass[:1].isalpha():
        klass = integration_id.capitalize()
    return Names(integration_id, shown, klass)


def planned_files(names: Names) -> dict[str, str]:
    """Every file to write, by path relative to the tree's root."""
    i = names.id
    return {
        f"integrations/{i}/__init__.py": PACKAGE_INIT.format(n=names),
        f"integrations/{i}/definition.py": DEFINITION.format(n=names),
        f"integrations/{i}/client.py": CLIENT.format(n=names),
        f"integrations/{i}/models.py": MODELS.format(n=names),
        f"tests/integrations/{i}/__init__.py": "",
        f"tests/integrations/{i}/test_{i}.py": TEST.format(n=names),
        f"tests/integrations/{i}/fixtures/status.json": _fixture(names, STATUS_FIXTURE),
        f"tests/integrations/{i}/fixtures/unauthorized.json": _fixture(names, UNAUTHORIZED_FIXTURE),
        f"docs/notes/{i}.md": NOTES.format(n=names),
    }


def check_target(root: Path, names: Names) -> None:
    """Refuse a tree that is not Tilewire's, and an id or payload name already taken."""
    for marker in ("integrations/registry.py", "schema/schema.py"):
        if not (root / marker).is_file():
            raise ScaffoldError(f"{root} is not a Tilewire tree (no {marker})")
    taken = [
        root / "integrations" / names.id,
        root / "integrations" / f"{names.id}.py",
        root / "tests" / "integrations" / names.id,
        root / "tests" / "integrations" / f"{names.id}.py",
        root / "docs" / "notes" / f"{names.id}.md",
    ]
    existing = [str(p.relative_to(root)) for p in taken if p.exists()]
    if existing:
        raise ScaffoldError(
            f"integration {names.id!r} exists already ({', '.join(existing)}): pick another id"
        )
    declared = re.compile(rf"^class {names.payload}\b", re.MULTILINE)
    for path in sorted((root / "integrations").rglob("*.py")):
        if declared.search(path.read_text(encoding="utf-8")):
            raise ScaffoldError(
                f"the payload name {names.payload} is taken ({path.relative_to(root)}): payload "
                "names are unique across integrations; pass another --name"
            )


def regenerate(root: Path) -> None:
    """Write the reference, README's table and the SDL of ``root``'s tree, as it is now."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(root), env.get("PYTHONPATH")]))
    done = subprocess.run(
        [sys.executable, "-c", REGENERATE],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=REGENERATE_TIMEOUT,
    )
    if done.returncode != 0:
        raise ScaffoldError(f"regenerating the docs and the SDL failed:\n{done.stderr[-2000:]}")


def scaffold(root: Path, integration_id: str, name: str | None = None) -> list[Path]:
    """Write the new integration into ``root``; return the files written. On any failure,
    what was written is removed and the generated files are restored."""
    root = root.resolve()
    names = names_of(integration_id, name)
    check_target(root, names)
    files = planned_files(names)
    before = {rel: (root / rel).read_bytes() for rel in GENERATED if (root / rel).exists()}
    made_dirs = [
        d
        for d in (
            root / "integrations" / names.id,
            root / "tests" / "integrations" / names.id,
            root / "docs" / "notes",
        )
        if not d.exists()
    ]
    written: list[Path] = []
    try:
        for rel, text in files.items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("x", encoding="utf-8") as handle:  # never overwrite
                handle.write(text)
            written.append(path)
        regenerate(root)
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        for directory in made_dirs:
            for leftover in sorted(directory.rglob("*"), reverse=True):
                if leftover.is_dir():
                    leftover.rmdir()  # only __pycache__ and fixtures/ remain, emptied above
                else:
                    leftover.unlink()
            if directory.exists():
                directory.rmdir()
        for rel, data in before.items():
            (root / rel).write_bytes(data)
        raise
    return written


def _fixture(names: Names, template: dict[str, object]) -> str:
    text = json.dumps(template, indent=2) + "\n"
    return text.replace("<NAME>", names.name)


# --- templates ------------------------------------------------------------------------------
# ``{n.id}``, ``{n.name}``, ``{n.klass}``, ``{n.client}``, ``{n.payload}``; braces of the
# generated code are doubled.

PACKAGE_INIT = '''\
"""{n.name}, through its HTTP API.

Built from the {n.name} API documentation (name the document and the version here).
"""

from integrations.{n.id}.definition import {n.klass}

integration = {n.klass}()
'''

DEFINITION = '''\
"""{n.name}: its version and health (replace with what this integration reads)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field

from integrations.capabilities import Payload
from integrations.config import ApiKey
from integrations.types import Integration, ServiceInfo, endpoint

if TYPE_CHECKING:  # for annotations; a function imports what it runs with, on first use
    from integrations.{n.id}.client import {n.client}

STATUS_PATH = "api/status"
"""Where {n.name} says its version and health (replace with the documented path)."""


class {n.payload}(Payload):
    """{n.name}'s version and whether it reports itself healthy."""

    version: str = Field(description="the version {n.name} reports")
    healthy: bool = Field(description="True when {n.name} reports no problem")


class {n.klass}(Integration["{n.client}"]):
    id = "{n.id}"
    name = "{n.name}"
    icon = "{n.id}"
    categories = ("monitoring",)
    docs_url = "https://example.org/{n.id}/api"
    verification = "Built from the {n.name} API documentation, version 1.0"
    credentials = (ApiKey,)
    client_class = "integrations.{n.id}.client:{n.client}"

    async def test_connection(self, client: {n.client}) -> ServiceInfo:
        from integrations.{n.id}.models import Status

        status = await client.get_json(STATUS_PATH, Status)
        return ServiceInfo.of(status.version, {{"healthy": "yes" if status.healthy else "no"}})

    @endpoint(
        "status",
        name="Status",
        description="{n.name}'s version and whether it reports itself healthy.",
        ttl=30.0,
        min_refresh=10.0,
    )
    async def status(self, client: {n.client}) -> {n.payload}:
        from integrations.{n.id}.models import Status

        status = await client.get_json(STATUS_PATH, Status)
        return {n.payload}(version=status.version, healthy=status.healthy)
'''

CLIENT = '''\
"""{n.name}'s API authentication: an API key in the ``X-Api-Key`` header (replace with the
scheme {n.name} documents)."""

from __future__ import annotations

import httpx

from integrations.base import ServiceClient


class {n.client}(ServiceClient):
    """A {n.name} API client: the API key header with every request."""

    api_key_header = "X-Api-Key"

    def unauthorized_hint(self, response: httpx.Response) -> str:
        return "{n.name} rejected the API key: copy it again from {n.name}'s settings"

    def forbidden_hint(self, response: httpx.Response) -> str:
        return "{n.name}'s API key does not allow reading this"
'''

MODELS = '''\
"""{n.name}'s answers Tilewire reads (name the API document and its version here)."""

from __future__ import annotations

from integrations.base import UpstreamModel


class Status(UpstreamModel):
    """``GET /api/status``."""

    version: str
    healthy: bool
'''

TEST = '''\
"""{n.name} integration against fixtures transcribed from the {n.name} API documentation."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import pytest

from integrations.errors import ErrorCode, IntegrationError
from integrations.{n.id} import integration
from integrations.{n.id}.client import {n.client}
from integrations.{n.id}.definition import {n.payload}
from tests.integrations.upstream import (
    FakeUpstream,
    fixture_body,
    needs_header,
    one_secret_config,
    secret_check,
)

ID = "{n.id}"
API_KEY = "fixture-api-key"
BASE = "http://{n.id}.test"
STATUS = ("GET", "/api/status")

MakeClient = Callable[..., {n.client}]


body = partial(fixture_body, ID)
config = one_secret_config(BASE, "apiKey", "apiKey", API_KEY)
assert_no_secret = secret_check(API_KEY)


def fake() -> FakeUpstream:
    """{n.name}'s rules over the documented answers: every route takes the API key header."""
    return FakeUpstream(
        ID, {{STATUS: "status"}}, refuse=needs_header(ID, "x-api-key", API_KEY, "unauthorized")
    )


async def test_connection_says_the_version(make_client: MakeClient) -> None:
    info = await integration.test_connection(make_client(fake()))
    assert info.version == body("status")["version"]
    assert info.details == {{"healthy": "yes"}}


async def test_status(make_client: MakeClient) -> None:
    upstream = fake()
    payload = await integration.fetch_data(make_client(upstream), "status")
    status = body("status")
    assert payload == {n.payload}(version=status["version"], healthy=status["healthy"])
    assert upstream.calls[STATUS] == 1


async def test_a_wrong_key_is_unauthorized_without_the_key(make_client: MakeClient) -> None:
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(fake(), "wrong-key"))
    assert caught.value.code is ErrorCode.UNAUTHORIZED
    assert caught.value.status == 401
    assert_no_secret(caught.value, "wrong-key", API_KEY)
'''

STATUS_FIXTURE: dict[str, object] = {
    "source": "Placeholder written by `tilewire new-integration`: replace with a response "
    "transcribed from the <NAME> API documentation or recorded from a running <NAME>, and "
    "name that document or version and the date here",
    "request": {"method": "GET", "path": "/api/status", "headers": {"x-api-key": "<key>"}},
    "response": {
        "status": 200,
        "headers": {"content-type": "application/json"},
        "body": {"version": "1.0.0", "healthy": True},
    },
}

UNAUTHORIZED_FIXTURE: dict[str, object] = {
    "source": "Placeholder written by `tilewire new-integration`: replace with <NAME>'s answer "
    "to a wrong API key, naming where it comes from",
    "request": {"method": "GET", "path": "/api/status", "headers": {"x-api-key": "wrong"}},
    "response": {
        "status": 401,
        "headers": {"content-type": "application/json"},
        "body": {"error": "Unauthorized"},
    },
}

NOTES = """\
Notes: built from the {n.name} API documentation (name it and its version). Say here where a
user finds the API key in {n.name}, which calls the connection test and each endpoint make,
and anything a user must know (versions that differ, permissions the key needs).
"""
