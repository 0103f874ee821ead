"""``tilewire new-integration``: run as a user runs it, into a copy of this tree, after which
the contract tests, ruff and mypy pass on that copy; refusals leave the tree as it was."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
COPIED = ("app", "integrations", "schema", "tests", "docs", "README.md", "pyproject.toml")
CLI_TIMEOUT = 120
CHECK_TIMEOUT = 900


def copy_tree(target: Path) -> Path:
    """The parts of this tree the command and the contract tests read (no caches, no Node
    packages: the ajv test is not run in the copy)."""
    target.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "node_modules", ".mypy_cache", ".ruff_cache")
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=ignore)
        else:
            shutil.copy2(source, target / name)
    return target


def in_tree(root: Path) -> dict[str, str]:
    """Every file under ``root`` (caches aside) with a digest of its content."""
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


def tilewire(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app.cli", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=CLI_TIMEOUT,
    )


def run_in(root: Path, *command: str) -> subprocess.CompletedProcess[str]:
    """``command`` in the copy, importing the copy's packages."""
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run(
        command, cwd=root, env=env, capture_output=True, text=True, timeout=CHECK_TIMEOUT
    )


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_tree(tmp_path_factory.mktemp("pristine") / "tree")


@pytest.fixture
def tree(pristine: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "tree"
    shutil.copytree(pristine, copy)
    return copy


def test_a_new_integration_passes_the_contract_tests_ruff_and_mypy(tree: Path) -> None:
    done = tilewire(
        "new-integration", "weatherstation", "--name", "Weather Station", "--root", str(tree)
    )
    assert done.returncode == 0, done.stderr
    made = [
        "integrations/weatherstation/__init__.py",
        "integrations/weatherstation/definition.py",
        "integrations/weatherstation/client.py",
        "integrations/weatherstation/models.py",
        "tests/integrations/weatherstation/test_weatherstation.py",
        "tests/integrations/weatherstation/fixtures/status.json",
        "docs/notes/weatherstation.md",
    ]
    for rel in made:
        assert (tree / rel).is_file(), rel
        assert f"wrote {tree / rel}" in done.stdout
    assert "## Weather Station (`weatherstation`)" in (tree / "docs/integrations.md").read_text()
    assert (
        "| Weather Station | `status` (WeatherStationStatus) |" in (tree / "README.md").read_text()
    )
    assert "type WeatherStationStatus {" in (tree / "schema/schema.graphql").read_text()
    assert not (ROOT / "integrations" / "weatherstation").exists()

    generated = ["integrations/weatherstation", "tests/integrations/weatherstation"]
    ruff = [sys.executable, "-m", "ruff"]
    for command in (
        [*ruff, "check", *generated],
        [*ruff, "format", "--check", *generated],
        [sys.executable, "-m", "mypy", "integrations"],  # strict, as pyproject.toml says
    ):
        checked = run_in(tree, *command)
        assert checked.returncode == 0, f"{command}: {checked.stdout}{checked.stderr}"

    tests = run_in(
        tree,
        sys.executable,
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        "-m",
        "not live",
        "tests/integrations/weatherstation",
        "tests/integrations/test_registry.py",
        "tests/integrations/test_common_failures.py",
        "tests/app/test_cli.py::test_exported_schema_is_up_to_date",
    )
    assert tests.returncode == 0, tests.stdout[-6000:]
    summary = tests.stdout.strip().splitlines()[-1]
    assert " passed" in summary and "failed" not in summary and "error" not in summary, summary


@pytest.mark.parametrize(
    ("integration_id", "reason"),
    [
        ("radarr", "integration 'radarr' exists already (integrations/radarr"),
        ("Weather", "'Weather' is not a valid integration id"),
        ("weather-station", "'weather-station' is not a valid integration id"),
        ("9lives", "'9lives' is not a valid integration id"),
        ("class", "'class' is not a valid integration id"),
        ("families", "'families' is a name the framework or its tests use"),
        ("upstream", "'upstream' is a name the framework or its tests use"),
    ],
)
def test_a_taken_or_invalid_id_is_refused_and_nothing_is_written(
    tree: Path, integration_id: str, reason: str
) -> None:
    before = in_tree(tree)
    done = tilewire("new-integration", integration_id, "--root", str(tree))
    assert done.returncode == 1
    assert reason in done.stderr
    assert "Traceback" not in done.stderr and done.stdout == ""
    assert in_tree(tree) == before


def test_a_display_name_that_cannot_be_quoted_is_refused(tree: Path) -> None:
    before = in_tree(tree)
    done = tilewire(
        "new-integration", "weather", "--name", 'Weather"); import os', "--root", str(tree)
    )
    assert done.returncode == 1 and "is not a usable display name" in done.stderr
    assert in_tree(tree) == before


def test_a_taken_payload_name_is_refused(tree: Path) -> None:
    """Payload names are unique across integrations: an id whose payload class is declared
    already somewhere under integrations/ is refused before anything is written."""
    (tree / "integrations" / "families" / "clash.py").write_text("class ClashStatus:\n    pass\n")
    before = in_tree(tree)
    done = tilewire("new-integration", "clash", "--root", str(tree))
    assert done.returncode == 1
    assert "the payload name ClashStatus is taken (integrations/families/clash.py)" in done.stderr
    assert in_tree(tree) == before


def test_a_failure_after_writing_takes_back_every_file(tree: Path) -> None:
    """When regenerating the docs and the SDL fails, the new files go and the generated ones
    are restored: nothing is left half-written."""
    sdl = tree / "schema" / "schema.py"
    sdl.write_text(sdl.read_text() + "\nraise RuntimeError('schema broken for the test')\n")
    before = in_tree(tree)
    done = tilewire("new-integration", "weatherstation", "--root", str(tree))
    assert done.returncode == 1
    assert "regenerating the docs and the SDL failed" in done.stderr
    assert "schema broken for the test" in done.stderr
    assert in_tree(tree) == before
    assert not (tree / "integrations" / "weatherstation").exists()
    assert not (tree / "tests" / "integrations" / "weatherstation").exists()


def test_the_default_tree_is_this_one_and_a_refusal_leaves_it_alone() -> None:
    watched = [ROOT / "integrations", ROOT / "tests" / "integrations", ROOT / "docs"]
    before = [in_tree(path) for path in watched]
    done = tilewire("new-integration", "sonarr")
    assert done.returncode == 1
    assert "integration 'sonarr' exists already (integrations/sonarr" in done.stderr
    assert [in_tree(path) for path in watched] == before


def test_a_directory_that_is_not_tilewire_is_refused(tmp_path: Path) -> None:
    done = tilewire("new-integration", "weatherstation", "--root", str(tmp_path))
    assert done.returncode == 1
    assert f"{tmp_path} is not a Tilewire tree (no integrations/registry.py)" in done.stderr
    assert list(tmp_path.iterdir()) == []
