"""``tilewire install-graphiql``: real ``npm ci`` runs against a fake registry on loopback.
What the lock and Tilewire's pins do not vouch for is refused, and a refused install leaves
the previous one as it was."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from app import graphiql_install
from app.cli import main
from app.graphiql import FILES_DIR, INSTALLED_ASSETS, Asset, integrity_of
from app.graphiql_install import Bundle, InstallError, install
from tests.support.availability import unavailable
from tests.support.npm_registry import FakeRegistry, running_registry

SCRIPT = b"window.TilewireFixture = 1;\n"
STYLE = b"body { color: teal; }\n"
ASSETS = (
    Asset("fixture.js", "tw-fixture/dist/fixture.js", integrity_of(SCRIPT)),
    Asset("fixture.css", "tw-fixture/dist/fixture.css", integrity_of(STYLE)),
)
FORGED = "sha512-" + "A" * 86 + "=="  # well-formed, and not the tarball's


@pytest.fixture
def registry() -> Iterator[FakeRegistry]:
    if shutil.which("npm") is None:
        unavailable("npm is not installed (apt-get install npm)")
    with running_registry() as served:
        served.publish(
            "tw-fixture", "1.0.0", {"dist/fixture.js": SCRIPT, "dist/fixture.css": STYLE}
        )
        yield served


@pytest.fixture
def npm_env(registry: FakeRegistry, tmp_path: Path) -> dict[str, str]:
    """npm talking to the fake registry only, with a cache and user config of its own."""
    userconfig = tmp_path / "npmrc"
    userconfig.write_text("")
    return {
        **os.environ,
        "npm_config_registry": f"{registry.url}/",
        "npm_config_cache": str(tmp_path / "npm-cache"),
        "npm_config_userconfig": str(userconfig),
    }


def bundle(registry: FakeRegistry, directory: Path, **integrity: str) -> Bundle:
    return Bundle(registry.write_project(directory, integrity), ASSETS)


def scratch_left(data_dir: Path) -> list[str]:
    return [p.name for p in data_dir.iterdir() if p.name.startswith(".graphiql-install-")]


def test_installs_only_the_pinned_files_then_has_nothing_to_do(
    registry: FakeRegistry, npm_env: dict[str, str], tmp_path: Path
) -> None:
    data_dir = tmp_path / "data"
    fixture = bundle(registry, tmp_path / "project")

    done = install(data_dir, bundle=fixture, env=npm_env)

    target = data_dir / "graphiql"
    assert done.fresh and done.directory == target and done.files == 2
    assert sorted(p.name for p in target.iterdir()) == ["fixture.css", "fixture.js"]
    assert (target / "fixture.js").read_bytes() == SCRIPT
    assert scratch_left(data_dir) == []
    assert registry.downloads["tw-fixture"] == 1
    again = install(data_dir, bundle=fixture, env=npm_env)
    assert not again.fresh
    assert registry.downloads["tw-fixture"] == 1  # npm was not even run


def test_a_tampered_lock_is_refused_and_the_previous_install_kept(
    registry: FakeRegistry, npm_env: dict[str, str], tmp_path: Path
) -> None:
    data_dir = tmp_path / "data"
    install(data_dir, bundle=bundle(registry, tmp_path / "good"), env=npm_env)
    before = {p.name: p.read_bytes() for p in (data_dir / "graphiql").iterdir()}
    tampered = bundle(registry, tmp_path / "tampered", **{"tw-fixture": FORGED})

    with pytest.raises(InstallError) as refused:
        install(data_dir, bundle=tampered, env=npm_env, force=True)

    assert "EINTEGRITY" in str(refused.value)
    assert "nothing was installed" in str(refused.value)
    assert {p.name: p.read_bytes() for p in (data_dir / "graphiql").iterdir()} == before
    assert scratch_left(data_dir) == []


def test_a_package_whose_files_are_not_the_pinned_ones_is_refused(
    registry: FakeRegistry, npm_env: dict[str, str], tmp_path: Path
) -> None:
    # The lock vouches for this tarball (its integrity is the tarball's), but the file the
    # page would load is not the one Tilewire pins.
    registry.publish(
        "tw-fixture", "1.0.1", {"dist/fixture.js": b"alert(1)", "dist/fixture.css": STYLE}
    )
    del registry.tarballs[("tw-fixture", "1.0.0")]
    data_dir = tmp_path / "data"

    with pytest.raises(InstallError) as refused:
        install(data_dir, bundle=bundle(registry, tmp_path / "project"), env=npm_env)

    message = str(refused.value)
    assert "tw-fixture/dist/fixture.js from npm is not the file Tilewire pins" in message
    assert integrity_of(b"alert(1)") in message and integrity_of(SCRIPT) in message
    assert not (data_dir / "graphiql").exists()
    assert scratch_left(data_dir) == []


def test_the_command_reports_a_refused_install(
    registry: FakeRegistry,
    npm_env: dict[str, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    tampered = bundle(registry, tmp_path / "project", **{"tw-fixture": FORGED})
    monkeypatch.setattr(graphiql_install, "BUNDLE", tampered)
    for name, value in npm_env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("TILEWIRE_DATA_DIR", str(tmp_path / "data"))

    assert main(["install-graphiql"]) == 1

    err = capsys.readouterr().err
    assert err.startswith("tilewire: refused:") and "EINTEGRITY" in err
    assert "Traceback" not in err
    assert not (tmp_path / "data" / "graphiql").exists()


def test_without_npm_the_command_says_it_needs_npm(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no npm on it
    monkeypatch.setenv("TILEWIRE_DATA_DIR", str(tmp_path / "data"))

    assert main(["install-graphiql"]) == 1

    err = capsys.readouterr().err
    assert "npm is not installed" in err and "the server itself does not" in err


def test_npm_output_in_errors_is_bounded_and_free_of_credentials() -> None:
    output = (
        "\n".join(f"npm error line {n}" for n in range(100))
        + "\nnpm error 404 https://reader:hunter2@registry.example/x"
        + "\n//registry.example/:_authToken=npm_abcdefghijklmnopqrstuvwxyz0123"
        + "\n"
        + "x" * 5000
    ).encode()
    said = graphiql_install._tail(output)
    assert len(said.splitlines()) == graphiql_install.OUTPUT_LINES
    assert max(len(line) for line in said.splitlines()) <= graphiql_install.OUTPUT_LINE_CHARS
    assert "hunter2" not in said and "reader" not in said
    assert "npm_abcdefghijklmnopqrstuvwxyz0123" not in said
    assert "https://***@registry.example/x" in said


def test_the_committed_lock_pins_every_package_by_hash_and_names_no_registry() -> None:
    package = json.loads((FILES_DIR / "package.json").read_text())
    lock = json.loads((FILES_DIR / "package-lock.json").read_text())
    assert lock["packages"][""]["dependencies"] == package["dependencies"]
    assert all(version[0].isdigit() for version in package["dependencies"].values())  # exact
    installed = {k: v for k, v in lock["packages"].items() if k}
    assert installed, "the lock lists no package"
    for path, entry in installed.items():
        assert entry["integrity"].startswith("sha512-"), path
        assert "resolved" not in entry, f"{path}: the lock must not name a registry"
    # Every file the page loads comes from a package the lock pins.
    for asset in INSTALLED_ASSETS:
        parts = asset.source.split("/")
        owner = "/".join(parts[:2]) if parts[0].startswith("@") else parts[0]
        assert f"node_modules/{owner}" in installed, asset.source
