#!/bin/bash
# Install Deluge's daemon and web UI from Debian (idempotent).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../_lib.sh"
apt_install deluged deluge-web
