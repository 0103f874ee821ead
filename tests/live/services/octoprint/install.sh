#!/bin/bash
# Install OctoPrint 1.11.8 from PyPI into $SVC_ROOT/venvs/octoprint (idempotent).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../_lib.sh"
pip_venv_install octoprint OctoPrint==1.11.8
