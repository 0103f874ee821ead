#!/bin/bash
# Install Home Assistant Core 2024.3.3 from PyPI into $SVC_ROOT/venvs/homeassistant (idempotent;
# about 100 s and 600 MB). 2024.3.x is the last release line for Python 3.11. 'josepy<2' is
# required: with josepy 2.x every HTTP request answers 500 ("josepy has no attribute
# ComparableX509", through hass_nabucasa -> acme) while the server looks up.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../_lib.sh"
pip_venv_install homeassistant homeassistant==2024.3.3 'josepy<2'
