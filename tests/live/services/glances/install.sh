#!/bin/bash
# Install Glances 4.x (REST API v4) from PyPI into $SVC_ROOT/venvs/glances (idempotent).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../_lib.sh"
pip_venv_install glances "glances[web]==4.5.8"
