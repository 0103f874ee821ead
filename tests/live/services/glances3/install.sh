#!/bin/bash
# Install Glances 3.3 (REST API v3) from Debian (idempotent). python3-bottle is only a Recommends of
# glances but the web server (-w) needs it; --no-install-recommends keeps 490 MB of extras out.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../_lib.sh"
apt_install glances python3-bottle
