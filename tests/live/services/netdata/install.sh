#!/bin/bash
# Install netdata from Debian (idempotent). Debian's build has Netdata Cloud (ACLK) compiled out;
# apt_install keeps the daemon from starting on its default public port.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../_lib.sh"
apt_install netdata
