#!/bin/bash
# Install changedetection.io 0.60.10 from PyPI into $SVC_ROOT/venvs/changedetection (idempotent;
# about 720 MB, no browser/playwright: plain HTTP fetching only).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../_lib.sh"
pip_venv_install changedetection changedetection.io==0.60.10
