#!/bin/bash
# Install Node-RED 4.1.8 from npm under $SVC_ROOT/npm/nodered (idempotent). 4.1.x is the newest
# line that runs on Node 20 (5.x needs Node >= 22).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../_lib.sh"
if ! command -v npm >/dev/null; then
  for attempt in 1 2 3 4 5 6; do
    apt_install nodejs npm && break
    [ "$attempt" -lt 6 ] || exit 1
    echo "apt_install nodejs npm failed (attempt $attempt; dpkg lock held?); retrying in 10 s" >&2
    sleep 10
  done
fi
npm_prefix_install nodered node-red@4.1.8
