#!/bin/bash
# Install NZBGet from Debian (idempotent).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../_lib.sh"
apt_install nzbget
