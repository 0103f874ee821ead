#!/bin/bash
# Install rtorrent and lighttpd from Debian (idempotent). Neither starts a daemon on install (the
# policy-rc.d apt_install sets keeps lighttpd from starting on its default port 80).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../_lib.sh"
apt_install rtorrent lighttpd
