#!/bin/bash
# Install aria2 from Debian (idempotent). aria2c starts no daemon on install.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../_lib.sh"
apt_install aria2
