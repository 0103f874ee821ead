#!/bin/bash
# Install syncthing from Debian (idempotent). Other installs may hold the dpkg lock: retry (bounded).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../_lib.sh"
for attempt in 1 2 3 4 5 6; do
  apt_install syncthing && exit 0
  echo "apt_install syncthing failed (attempt $attempt; dpkg lock held?); retrying in 10 s" >&2
  sleep 10
done
exit 1
