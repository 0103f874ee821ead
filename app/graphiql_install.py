"""``tilewire install-graphiql``: GraphiQL's browser files from npm, checked, into the data
directory.

npm installs the committed ``package.json`` and ``package-lock.json`` (``npm ci
--ignore-scripts``: exactly the locked versions, each tarball checked against the lock's
SHA-512, no install scripts run) into a scratch directory; Tilewire then checks every file the
page loads against its pinned SHA-384 and moves only those into
``$TILEWIRE_DATA_DIR/graphiql``, replacing a previous install in one rename. Any failure leaves
the previous install as it was. npm is needed for this command only, never by the server.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from app.graphiql import (
    FILES_DIR,
    INSTALLED_ASSETS,
    MAX_ASSET_BYTES,
    Asset,
    check_file,
    integrity_of,
)

INSTALL_DIR = "graphiql"
NPM_TIMEOUT = 600.0
NPM_ARGS = ("ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error")
OUTPUT_LINES = 20
OUTPUT_LINE_CHARS = 300


class InstallError(Exception):
    """The files could not be installed; nothing was changed."""


@dataclass(frozen=True)
class Bundle:
    """What to install: the directory holding ``package.json`` and ``package-lock.json``, and
    the files to take from it, each pinned."""

    manifest_dir: Path
    assets: tuple[Asset, ...]


BUNDLE = Bundle(FILES_DIR, INSTALLED_ASSETS)


@dataclass(frozen=True)
class Installed:
    directory: Path
    files: int
    size: int
    fresh: bool
    """False when the pinned files were there already and nothing was done."""


def install(
    data_dir: Path,
    *,
    bundle: Bundle | None = None,
    force: bool = False,
    npm: str | None = None,
    env: Mapping[str, str] | None = None,
    timeout: float = NPM_TIMEOUT,
) -> Installed:
    """Install ``bundle`` into ``data_dir/graphiql``; a no-op when its files are there and
    pinned, unless ``force``. Raises InstallError saying why it refused."""
    bundle = bundle or BUNDLE
    target = data_dir / INSTALL_DIR
    if not force and all(check_file(target / a.name, a) is None for a in bundle.assets):
        return Installed(target, len(bundle.assets), _size(target, bundle), fresh=False)
    npm = npm or shutil.which("npm")
    if npm is None:
        raise InstallError(
            "npm is not installed: `tilewire install-graphiql` needs it to fetch GraphiQL's "
            "files (e.g. apt-get install npm); the server itself does not"
        )
    data_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".graphiql-install-", dir=data_dir) as scratch:
        work = Path(scratch)
        project = work / "npm"
        project.mkdir()
        for name in ("package.json", "package-lock.json"):
            shutil.copyfile(bundle.manifest_dir / name, project / name)
        _npm_ci(npm, project, env, timeout)
        staged = work / "files"
        staged.mkdir()
        for asset in bundle.assets:
            (staged / asset.name).write_bytes(_pinned_bytes(project / "node_modules", asset))
        if target.exists():
            target.rename(work / "previous")
        staged.rename(target)
    return Installed(target, len(bundle.assets), _size(target, bundle), fresh=True)


def _npm_ci(npm: str, project: Path, env: Mapping[str, str] | None, timeout: float) -> None:
    environment = {**(os.environ if env is None else env), "npm_config_update_notifier": "false"}
    try:
        done = subprocess.run(
            [npm, *NPM_ARGS],
            cwd=project,
            env=environment,
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise InstallError(
            f"npm ci did not finish within {timeout:g} s; nothing was installed"
        ) from None
    except OSError as err:
        raise InstallError(
            f"npm could not be run ({err.strerror}); nothing was installed"
        ) from None
    if done.returncode == 0:
        return
    said = _tail(done.stderr + done.stdout)
    if "EINTEGRITY" in said or "integrity checksum failed" in said:
        raise InstallError(
            "refused: a package npm downloaded does not match its integrity hash in Tilewire's "
            "package-lock.json (EINTEGRITY); nothing was installed. npm said:\n" + said
        )
    raise InstallError(
        f"npm ci failed (exit {done.returncode}); nothing was installed. npm said:\n{said}"
    )


def _pinned_bytes(node_modules: Path, asset: Asset) -> bytes:
    """The asset's bytes from npm's tree, refused unless they are the pinned ones."""
    path = node_modules / asset.source
    try:
        if path.is_symlink() or not path.is_file():
            raise InstallError(f"npm's install has no file {asset.source}; nothing was installed")
        if path.stat().st_size > MAX_ASSET_BYTES:
            raise InstallError(
                f"{asset.source} is larger than any pinned file; nothing was installed"
            )
        data = path.read_bytes()
    except OSError as err:
        raise InstallError(f"{asset.source} cannot be read ({err.strerror})") from None
    found = integrity_of(data)
    if found != asset.integrity:
        raise InstallError(
            f"refused: {asset.source} from npm is not the file Tilewire pins (SHA-384 {found}, "
            f"expected {asset.integrity}); nothing was installed"
        )
    return data


_CREDENTIALS = (
    (re.compile(r"(\w+://)[^\s/@]+@"), r"\1***@"),
    (re.compile(r"(?i)(_?auth(?:token)?\s*[=:]\s*)\S+"), r"\1***"),
    (re.compile(r"\bnpm_[A-Za-z0-9]{20,}\b"), "***"),
)


def _tail(output: bytes) -> str:
    """npm's last lines, bounded, with credentials in URLs or settings replaced."""
    lines = output.decode("utf-8", errors="replace").strip().splitlines()[-OUTPUT_LINES:]
    text = "\n".join(line[:OUTPUT_LINE_CHARS] for line in lines)
    for pattern, replacement in _CREDENTIALS:
        text = pattern.sub(replacement, text)
    return text


def _size(target: Path, bundle: Bundle) -> int:
    return sum((target / asset.name).stat().st_size for asset in bundle.assets)
