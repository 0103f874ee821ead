#!/bin/bash
# Prometheus Alertmanager 0.25 (Debian bookworm) on 127.0.0.1:18250 with HTTP basic auth
# admin / adminpass123 (--web.config.file, bcrypt hash), clustering off
# (--cluster.listen-address= : the package's default would listen on 0.0.0.0:9094). One route to
# a receiver with no integrations: alerts posted by the tests are kept and shown, never sent.
# State (silences, notification log) is under $SVC_ROOT/data/alertmanager.
# Install first: tests/live/services/install.sh alertmanager
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../_lib.sh"

SVC=alertmanager BIN=prometheus-alertmanager PORT=18250
LOG=$SVC_ROOT/logs/$SVC.log

command -v $BIN >/dev/null || { echo "$BIN not installed; run tests/live/services/install.sh alertmanager" >&2; exit 1; }
already_running $SVC $BIN $PORT && exit 0

D=$SVC_ROOT/data/alertmanager
mkdir -p "$D/storage"
cat > "$D/alertmanager.yml" <<CONF
route:
  receiver: nowhere
  group_by: [alertname]
receivers:
  - name: nowhere
CONF
# bcrypt of adminpass123 (cost 10); /-/ready stays open, /api/v2 asks for the password
cat > "$D/web.yml" <<'CONF'
basic_auth_users:
  admin: "$2b$10$cTJvDGadYiUNGLB/XgC0/Oep0aS//P3GLjVcB1lXDW71GbE2hFBmW"
CONF
nohup $BIN --config.file="$D/alertmanager.yml" --storage.path="$D/storage" \
  --web.listen-address=127.0.0.1:$PORT --web.config.file="$D/web.yml" \
  --cluster.listen-address= >> "$LOG" 2>&1 &
echo $! > "$SVC_ROOT/pids/$SVC.pid"
echo "$SVC started (pid $!), log $LOG"

wait_http "http://127.0.0.1:$PORT/-/ready" '200|401' 30 "$LOG"
echo "$SVC ready on http://127.0.0.1:$PORT"
