#!/bin/bash
# Install Radicale 3.9.0 (CalDAV/CardDAV server) from PyPI into $SVC_ROOT/venvs/radicale
# (idempotent).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../_lib.sh"
pip_venv_install radicale radicale==3.9.0
