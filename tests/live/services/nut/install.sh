#!/bin/bash
# Install NUT's upsd, the dummy-ups driver and upsc from Debian (idempotent). apt_install's
# policy-rc.d keeps the package's services from starting (and /etc/nut/nut.conf says MODE=none).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../_lib.sh"
apt_install nut-server nut-client
