#!/bin/bash
# Install prometheus from Debian (idempotent).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../_lib.sh"
apt_install prometheus
