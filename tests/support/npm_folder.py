"""npm folders of the tests (packages pinned in a committed ``package-lock.json``), installed
with ``npm ci`` once per lock: a stamp in ``node_modules`` records the digest of
``package.json`` and ``package-lock.json`` it was installed from, and a later call with the
same files does nothing."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path

from tests.support.availability import unavailable

STAMP_NAME = ".tilewire-lock-sha256"
NPM_CI_TIMEOUT = 300.0


def lock_digest(directory: Path) -> str:
    digest = hashlib.sha256()
    for name in ("package.json", "package-lock.json"):
        digest.update((directory / name).read_bytes())
    return digest.hexdigest()


def install_npm_folder(directory: Path, timeout: float = NPM_CI_TIMEOUT) -> None:
    """``npm ci`` in ``directory`` unless its node_modules matches the lock file; skips (or
    fails under TILEWIRE_REQUIRE_SERVICES=1) when Node or npm is missing or the install fails."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        unavailable(f"Node.js and npm are needed to install {directory} (apt install nodejs npm)")
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
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        unavailable(f"npm ci in {directory} took more than {timeout:.0f} s")
    if done.returncode != 0:
        unavailable(f"npm ci in {directory} failed: {done.stderr.strip()[-2000:]}")
    stamp.write_text(wanted)
