"""npm packages a test runs under Node, each set in a folder of the test tree with its
``package.json`` and pinned ``package-lock.json``: ``npm ci`` installs them into that folder's
``node_modules`` when it is missing or older than the lock file (a stamp records which)."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path

from tests.support.availability import unavailable

NPM_CI_TIMEOUT = 300.0
STAMP_NAME = ".tilewire-lock-sha256"


def lock_digest(directory: Path) -> str:
    digest = hashlib.sha256()
    for name in ("package.json", "package-lock.json"):
        digest.update((directory / name).read_bytes())
    return digest.hexdigest()


def install_node_packages(directory: Path, what: str) -> None:
    """``npm ci`` in ``directory`` unless its node_modules matches the lock file; skips (or
    fails under TILEWIRE_REQUIRE_SERVICES=1) when Node or npm is missing or the install fails.
    ``what`` says what the packages are for, in the skip's reason."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        unavailable(f"Node.js and npm are needed to run {what} (apt install nodejs npm)")
    stamp = directory / "node_modules" / STAMP_NAME
    wanted = lock_digest(directory)
    if stamp.is_file() and stamp.read_text() == wanted:
        return
    try:
        done = subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"],
            cwd=directory,
            capture_output=True,
            text=True,
            timeout=NPM_CI_TIMEOUT,
        )
    except subprocess.TimeoutExpired:
        unavailable(f"npm ci in {directory} took more than {NPM_CI_TIMEOUT:.0f} s")
    if done.returncode != 0:
        unavailable(f"npm ci in {directory} failed: {done.stderr.strip()[-2000:]}")
    stamp.write_text(wanted)
