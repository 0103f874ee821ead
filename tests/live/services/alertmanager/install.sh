#!/bin/bash
# Install prometheus-alertmanager from Debian (idempotent). apt_install's policy-rc.d keeps the
# package's service (0.0.0.0:9093, cluster port 9094) from starting.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../_lib.sh"
apt_install prometheus-alertmanager
