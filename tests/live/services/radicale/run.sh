#!/bin/bash
# Radicale 3.9.0 (PyPI venv) on 127.0.0.1:18280: CalDAV with basic auth from a plain htpasswd
# file (admin / adminpass123, the live tests' USERNAME / PASSWORD), collections stored under
# $SVC_ROOT/data/radicale. The tests create and fill their calendars themselves (MKCOL, PUT).
# Install first: tests/live/services/install.sh radicale
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../_lib.sh"

SVC=radicale PORT=18280
V=$SVC_ROOT/venvs/radicale/bin BIN=venvs/radicale/bin/radicale
LOG=$SVC_ROOT/logs/$SVC.log
D=$SVC_ROOT/data/radicale

[ -x "$V/radicale" ] || { echo "radicale not installed; run tests/live/services/install.sh radicale" >&2; exit 1; }
already_running $SVC $BIN $PORT && exit 0

mkdir -p "$D/collections"
echo "admin:adminpass123" > "$D/users"
cat > "$D/config" <<CONF
[server]
hosts = 127.0.0.1:$PORT
[auth]
type = htpasswd
htpasswd_filename = $D/users
htpasswd_encryption = plain
delay = 0
[rights]
type = owner_only
[storage]
filesystem_folder = $D/collections
[logging]
level = info
CONF
nohup "$V/radicale" --config "$D/config" >> "$LOG" 2>&1 &
echo $! > "$SVC_ROOT/pids/$SVC.pid"
echo "$SVC started (pid $!), log $LOG"

wait_http "http://127.0.0.1:$PORT/.web/" "200|302" 30 "$LOG"
echo "$SVC ready on http://127.0.0.1:$PORT"
