#!/bin/bash
# Install pyLoad-ng (PyPI; only pre-releases exist) into its own venv, idempotently.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../_lib.sh"
pip_venv_install pyload --pre "pyload-ng==0.5.0b3.dev101"
