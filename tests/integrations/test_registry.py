"""Every integration's metadata, walked from the registry: the checks that make adding one
uniform and hard to get wrong."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path
from typing import Any, get_args

import httpx
import pytest

import integrations
from integrations.base import ServiceClient
from integrations.capabilities import Payload
from integrations.config import ApiKey, Connection, FieldKind, SecretStr
from integrations.registry import SHARED_PACKAGES, Registry, UnknownIntegration, registry
from integrations.types import Integration

PACKAGE_DIR = Path(integrations.__file__).parent
TESTS_DIR = Path(__file__).parent
PACKAGE_FILES = {"__init__.py", "definition.py", "client.py", "models.py"}
SHIPPED = sorted(
    p.name
    for p in PACKAGE_DIR.iterdir()
    if (p / "__init__.py").exists() and p.name not in SHARED_PACKAGES
)


def shipped() -> list[Integration[Any]]:
    return [registry.get(name) for name in SHIPPED]


def test_discovery_finds_every_package_under_its_own_id() -> None:
    assert registry.broken() == {}, "these integrations/<id>/ packages failed to import"
    assert SHIPPED, "no integration packages"
    ids = [i.id for i in shipped()]
    assert ids == SHIPPED
    assert {i.id for i in registry.all()} >= set(SHIPPED)


def test_a_registry_of_its_own_discovers_registers_and_resets() -> None:
    """The shared registry is one ``Registry``; another starts empty and behaves the same."""
    from tests.support.demo import Demo, demo

    own = Registry()
    assert own.ids() == [i.id for i in registry.all() if i.id != "demo"]
    assert own.for_app(None) is None and own.for_app("radarr") is registry.get("radarr")
    assert [i.id for i in own.all("TV")] == ["sonarr"]
    with pytest.raises(UnknownIntegration) as unknown:
        own.get("demo")
    assert str(unknown.value) == "unknown integration type 'demo'"
    own.load_plugin("tests.support.demo")
    assert (
        own.get("demo") is demo
        and own.payload_model("Reading") is demo.endpoints["reading"].payload
    )
    with pytest.raises(ValueError, match="registered twice"):
        own.register(Demo())
    own.reset()
    with pytest.raises(UnknownIntegration):
        own.get("demo")
    with pytest.raises(KeyError, match="Reading"):
        own.payload_model("Reading")
    assert own.ids() == [i.id for i in registry.all() if i.id != "demo"]


@pytest.mark.parametrize("integration_id", SHIPPED)
def test_metadata(integration_id: str) -> None:
    integration = registry.get(integration_id)
    where = f"integrations/{integration_id}/definition.py"
    assert integration.name and integration.icon and integration.categories, (
        f"set name, icon and categories in {where}"
    )
    assert re.match(r"^https?://", integration.docs_url), f"set docs_url (http/https) in {where}"
    assert integration.default_port is None or 0 < integration.default_port < 65536, where
    assert integration.endpoints, (
        f"an integration serves at least one @endpoint: add one in {where}"
    )
    assert type(integration).test_connection is not Integration.test_connection, (
        f"implement test_connection in {where}"
    )
    for endpoint in integration.endpoints.values():
        assert re.match(r"^[a-z][a-zA-Z0-9]*$", endpoint.id), f"{where}: {endpoint.id!r}: camelCase"
        assert endpoint.name and endpoint.description, (
            f"{where}: {endpoint.id!r}: name, description"
        )
        assert issubclass(endpoint.payload, Payload), (
            f"{where}: {endpoint.payload.__name__} must subclass integrations.capabilities.Payload"
        )
        assert 0 < endpoint.min_refresh <= endpoint.ttl <= 3600, (
            f"{where}: {endpoint.id!r}: 0 < min_refresh <= ttl <= 3600"
        )


@pytest.mark.parametrize("integration_id", SHIPPED)
def test_config_schema_and_form(integration_id: str) -> None:
    integration = registry.get(integration_id)
    schema = integration.json_schema()
    json.dumps(schema)  # serialisable as is
    assert "url" in schema["properties"] and "credentials" in schema["properties"]
    fields = integration.form()
    names = [(f.group, f.name) for f in fields]
    assert len(names) == len(set(names)), "form field names are unique within their group"
    for form_field in fields:
        assert form_field.label
        assert form_field.kind in FieldKind
        if form_field.kind is FieldKind.SELECT:
            assert form_field.options
    # every secret is a secret field, and nothing else is
    for model in integration.credentials + ((integration.extra,) if integration.extra else ()):
        for name, info in model.model_fields.items():
            alias = info.alias or name
            form = next((f for f in fields if f.name.endswith("." + alias)), None)
            if form is None:
                continue
            # a Secret, or an optional one (Annotated[SecretStr, ...] | None)
            annotation: Any = info.annotation
            args = [annotation, *get_args(annotation)]
            args += [inner for arg in args[1:] for inner in get_args(arg)]
            is_secret = SecretStr in args
            assert (form.kind is FieldKind.SECRET) == is_secret, form.name


@pytest.mark.parametrize("integration_id", SHIPPED)
def test_every_number_in_a_config_is_bounded(integration_id: str) -> None:
    """A number a client sends has a floor and a ceiling, as every GraphQL Int input does."""
    integration = registry.get(integration_id)
    models = (
        Connection,
        *integration.credentials,
        *((integration.extra,) if integration.extra else ()),
    )
    for model in models:
        for name, info in model.model_fields.items():
            kinds = set(getattr(info.annotation, "__args__", ())) | {info.annotation}
            if not kinds & {int, float}:
                continue
            bounds = {type(m).__name__ for m in info.metadata}
            assert bounds & {"Ge", "Gt"} and bounds & {"Le", "Lt"}, f"{model.__name__}.{name}"


def fixture_tests_of(path: Path) -> str:
    """The text of an integration's test module and of the shared tests it builds on (a family's
    contract in tests/integrations/families/, say)."""
    texts = [path.read_text()]
    for name in imported_modules(path):
        shared = TESTS_DIR.parent.parent / (name.replace(".", "/") + ".py")
        if name.startswith("tests.integrations.") and shared.is_file():
            texts.append(shared.read_text())
    return "\n".join(texts)


@pytest.mark.parametrize("integration_id", SHIPPED)
def test_same_layout_fixtures_and_tests_for_every_endpoint(integration_id: str) -> None:
    package = PACKAGE_DIR / integration_id
    found = {p.name for p in package.glob("*.py")}
    assert found == PACKAGE_FILES, (
        f"integrations/{integration_id}/ holds exactly {sorted(PACKAGE_FILES)}: "
        f"add {sorted(PACKAGE_FILES - found)}, fold {sorted(found - PACKAGE_FILES)} into them"
    )
    tests = TESTS_DIR / integration_id
    where = f"tests/integrations/{integration_id}"
    first = next(iter(registry.get(integration_id).endpoints), "<endpoint>")
    fixtures = list((tests / "fixtures").glob("*.json"))
    assert fixtures, (
        f"add {where}/fixtures/{first}.json (a recorded or documented response) with a "
        "`source` field naming where it comes from and the version"
    )
    for path in fixtures:
        assert json.loads(path.read_text()).get("source"), (
            f"{where}/fixtures/{path.name}: add a `source` field naming where the response "
            "comes from and the version"
        )
    fixture_file = tests / f"test_{integration_id}.py"
    assert fixture_file.exists(), f"add {where}/{fixture_file.name}: the fixture tests"
    fixture_tests = fixture_tests_of(fixture_file)
    live_tests = tests / "test_live.py"
    for endpoint_id in registry.get(integration_id).endpoints:
        assert re.search(rf"[\"']{endpoint_id}[\"']", fixture_tests), (
            f"endpoint {endpoint_id!r} has no fixture test: add one to {where}/{fixture_file.name}"
        )
        if live_tests.exists():
            assert re.search(rf"[\"']{endpoint_id}[\"']", live_tests.read_text()), (
                f"endpoint {endpoint_id!r} has no live test: add one to {where}/test_live.py"
            )
    for action in registry.get(integration_id).actions.values():
        assert re.fullmatch(r"[a-z][A-Za-z0-9]{1,63}", action.id), (
            f"action {action.id!r}: ids are camelCase, like endpoint ids"
        )
        assert action.label and action.description, f"action {action.id!r}: label, description"
        assert re.search(rf"[\"']{action.id}[\"']", fixture_tests), (
            f"action {action.id!r} has no fixture test: add one to {where}/{fixture_file.name}"
        )
    notes = PACKAGE_DIR.parent / "docs" / "notes" / f"{integration_id}.md"
    assert notes.exists(), (
        f"docs/notes/{integration_id}.md is missing: say where a user finds the credentials "
        "and which calls each endpoint makes, then run `tilewire integration-docs`"
    )


def imported_modules(path: Path) -> list[str]:
    """Every module ``path`` imports, absolute (``from integrations import x`` names
    ``integrations.x``)."""
    found: list[str] = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            assert node.level == 0, f"{path}: relative import"
            found += [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
    return found


def test_integrations_import_nothing_of_app_or_schema() -> None:
    for path in PACKAGE_DIR.rglob("*.py"):
        for name in imported_modules(path):
            assert name.split(".")[0] not in ("app", "schema"), f"{path} imports {name}"


def test_only_the_composition_root_imports_schema_from_app() -> None:
    """``app/`` is below ``schema/``: only the composition root (the ASGI application and the
    CLI) wires the GraphQL layer to the services."""
    root = {"main.py", "cli.py"}
    for path in (PACKAGE_DIR.parent / "app").glob("*.py"):
        if path.name in root:
            continue
        for name in imported_modules(path):
            assert name.split(".")[0] != "schema", f"{path} imports {name}"


def test_no_integration_imports_another() -> None:
    """What two integrations share lives in a family (``integrations/families/``), which
    imports no integration either: one integration changes without touching its siblings."""
    for path in PACKAGE_DIR.rglob("*.py"):
        parts = path.relative_to(PACKAGE_DIR).parts
        own = parts[0] if len(parts) > 1 else None
        for name in imported_modules(path):
            package = name.split(".")[1] if name.startswith("integrations.") else None
            assert package not in set(SHIPPED) - {own}, f"{path} imports {name}"


def test_concurrent_requests_use_together_not_gather() -> None:
    """``asyncio.gather`` leaves the other requests running once one has failed and the
    caller has given up; ``together`` (integrations/base.py) cancels them."""
    for path in PACKAGE_DIR.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Attribute) and node.attr == "gather":
                assert ast.unparse(node.value) != "asyncio", f"{path}:{node.lineno} gathers"
            if isinstance(node, ast.ImportFrom) and node.module == "asyncio":
                names = {alias.name for alias in node.names}
                assert "gather" not in names, f"{path}:{node.lineno} imports gather"


def test_no_task_is_left_without_a_reference() -> None:
    """The event loop keeps only weak references to tasks: one whose result is dropped may
    be collected before it has run to its end."""
    for package in ("app", "integrations", "schema"):
        for path in (PACKAGE_DIR.parent / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text())):
                if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
                    called = node.value.func
                    name = called.attr if isinstance(called, ast.Attribute) else None
                    assert name not in ("create_task", "ensure_future"), (
                        f"{path}:{node.lineno} drops its task"
                    )


@pytest.mark.parametrize("integration_id", SHIPPED)
def test_verification_is_stated(integration_id: str) -> None:
    verification = registry.get(integration_id).verification
    assert verification.startswith(("Verified against a running ", "Built from the ")), (
        f"integrations/{integration_id}/definition.py: verification = 'Verified against a running "
        f"<service> <version>' or 'Built from the <service> API documentation, version <x>', "
        f"not {verification!r}"
    )


def test_integration_reference_is_up_to_date() -> None:
    from integrations.reference import render

    reference = PACKAGE_DIR.parent / "docs" / "integrations.md"
    assert reference.read_text() == render(), (
        "docs/integrations.md is stale: run `tilewire integration-docs`"
    )


def test_readme_integration_table_is_up_to_date() -> None:
    from integrations.reference import with_readme_table

    readme = (PACKAGE_DIR.parent / "README.md").read_text()
    assert readme == with_readme_table(readme), (
        "README's table is stale: run `tilewire integration-docs`"
    )


def test_clients_and_upstream_models_are_imported_on_first_use_only() -> None:
    """Start-up imports every integration's ``definition.py`` (metadata, config, payloads,
    endpoints); its ``client.py`` and ``models.py`` wait until an App of it is used, and
    whatever needs them imports them itself (no ``load()`` first)."""
    import subprocess
    import sys

    probe = (
        "import sys\nfrom integrations.registry import registry\nregistry.discover()\n"
        "print(sorted(m for m in sys.modules if m.startswith('integrations.')"
        " and m.rsplit('.', 1)[-1] in ('client', 'models')))\n"
        "print(registry.get('radarr').queue_model.__name__)\n"
        "print(sorted(m for m in sys.modules if m.startswith('integrations.radarr.')))\n"
        "registry.get('prometheus').load()\n"
        "print(sorted(m for m in sys.modules if m.startswith('integrations.prometheus.')))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    ).stdout.splitlines()
    assert out[0] == "[]", f"imported at start-up: {out[0]}"
    assert out[1] == "RadarrQueueRecord"
    assert out[2] == str([f"integrations.radarr.{m}" for m in ("definition", "models")])
    assert out[3] == str(
        [f"integrations.prometheus.{m}" for m in ("client", "definition", "models")]
    )


def test_config_models_are_built_on_first_use_and_kept() -> None:
    """Start-up builds no integration's config model (the server validates the configs of a
    few); reading ``config_model`` builds it once, for that integration only."""
    import subprocess
    import sys

    probe = (
        "from integrations.registry import registry\n"
        "built = lambda: sorted(type(i).__name__ for i in registry.all()"
        " if isinstance(type(i).__dict__.get('config_model'), type))\n"
        "print(built())\n"
        "first = registry.get('sonarr').config_model\n"
        "print(built(), first is type(registry.get('sonarr')).config_model, first.__name__)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    ).stdout.splitlines()
    assert out == ["[]", "['Sonarr'] True SonarrConfig"]


def test_a_credential_set_clash_fails_when_the_class_is_made() -> None:
    """What the lazy config model would only find on first use is checked at class creation."""

    class Twice(ApiKey):
        pass

    with pytest.raises(TypeError, match="credential set types must be distinct"):

        class Clash(Integration[ServiceClient]):
            id = "clash"
            name = "Clash"
            credentials = (ApiKey, Twice)


def _annotation_nodes(function: ast.FunctionDef | ast.AsyncFunctionDef) -> set[int]:
    arguments = function.args
    parameters = [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]
    parameters += [a for a in (arguments.vararg, arguments.kwarg) if a is not None]
    annotations = [a.annotation for a in parameters if a.annotation is not None]
    annotations += [function.returns] if function.returns is not None else []
    annotations += [n.annotation for n in ast.walk(function) if isinstance(n, ast.AnnAssign)]
    return {id(node) for annotation in annotations for node in ast.walk(annotation)}


@pytest.mark.parametrize("integration_id", SHIPPED)
def test_type_checking_imports_serve_annotations_only(integration_id: str) -> None:
    """What ``definition.py`` imports under ``TYPE_CHECKING`` does not exist when it runs: a
    function that needs one at run time imports it itself (an error branch no fixture reaches
    would otherwise fail with a NameError)."""
    tree = ast.parse((PACKAGE_DIR / integration_id / "definition.py").read_text())
    typing_only = {
        alias.asname or alias.name
        for node in tree.body
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING"
        for statement in node.body
        if isinstance(statement, ast.ImportFrom)
        for alias in statement.names
    }
    for function in ast.walk(tree):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        annotations = _annotation_nodes(function)
        imported = {
            alias.asname or alias.name
            for node in ast.walk(function)
            if isinstance(node, ast.ImportFrom)
            for alias in node.names
        }
        for node in ast.walk(function):
            if (
                isinstance(node, ast.Name)
                and isinstance(node.ctx, ast.Load)
                and node.id in typing_only - imported
                and id(node) not in annotations
            ):
                raise AssertionError(f"{function.name} uses {node.id} at run time, unimported")


@pytest.mark.parametrize("integration_id", SHIPPED)
def test_client_class_is_imported_from_the_package_by_its_path(integration_id: str) -> None:
    integration = registry.get(integration_id)
    path = type(integration).client_class
    assert isinstance(path, str) and path.startswith(f"integrations.{integration_id}.client:"), (
        f"integrations/{integration_id}/definition.py: client_class = "
        f"'integrations.{integration_id}.client:<ClassName>' (a dotted path, imported on first use)"
    )
    client = integration.load()
    assert issubclass(client, ServiceClient)
    assert f"{client.__module__}:{client.__qualname__}" == path


def test_a_client_class_path_names_its_module_and_class() -> None:
    class Broken(Integration[ServiceClient]):
        id = "broken"
        name = "Broken"
        client_class = "integrations.base.ServiceClient"

    with pytest.raises(ValueError, match=r"package\.module:name"):
        Broken.load()


ABSOLUTE_COOKIE_DATE = re.compile(r"expires=\s*\w{3},", re.IGNORECASE)


@pytest.mark.parametrize("integration_id", SHIPPED)
def test_fixtures_decide_nothing_by_todays_date(
    integration_id: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A recording keeps the date it was made on. Every cookie a fixture sets must live as
    long ten years from now as today (the fake upstream turns a recorded ``Expires`` into a
    lifetime), and no test writes an absolute cookie date of its own, which nothing rewrites."""
    import http.cookiejar
    import time

    from tests.integrations.upstream import fixture, response_of

    fixtures = sorted((TESTS_DIR / integration_id / "fixtures").glob("*.json"))
    later = time.time() + 10 * 365 * 86400
    monkeypatch.setattr(http.cookiejar.time, "time", lambda: later)
    for path in fixtures:
        response = response_of(fixture(integration_id, path.stem))
        response.request = httpx.Request("GET", "http://127.0.0.1/")
        for header in response.headers.get_list("set-cookie"):
            if re.search(r"max-age=0\b", header, re.IGNORECASE):
                continue  # a cookie that deletes itself
            jar = httpx.Cookies()
            jar.extract_cookies(response)
            assert jar, f"{path.name}: its cookie would be dropped once {header!r} has passed"
    for source in sorted((TESTS_DIR / integration_id).glob("*.py")):
        text = source.read_text()
        assert not ABSOLUTE_COOKIE_DATE.search(text), (
            f"{source.name} sets a cookie with an absolute Expires date: use Max-Age"
        )
