#!/bin/bash
# Prometheus 2.42 (Debian bookworm) on 127.0.0.1:18140, no auth; scrapes itself every 5 s so
# `up` has a sample shortly after start.
# Install first: tests/live/services/install.sh prometheus
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../_lib.sh"

SVC=prometheus BIN=prometheus PORT=18140
LOG=$SVC_ROOT/logs/$SVC.log

command -v $BIN >/dev/null || { echo "$BIN not installed; run tests/live/services/install.sh prometheus" >&2; exit 1; }
already_running $SVC $BIN $PORT && exit 0

D=$SVC_ROOT/data/prometheus
mkdir -p "$D/tsdb"
cat > "$D/prometheus.yml" <<CONF
global: {scrape_interval: 5s, evaluation_interval: 5s}
scrape_configs:
  - job_name: prometheus
    static_configs: [{targets: ["127.0.0.1:$PORT"]}]
CONF
nohup $BIN --config.file="$D/prometheus.yml" --storage.tsdb.path="$D/tsdb" \
  --web.listen-address=127.0.0.1:$PORT --web.enable-lifecycle >> "$LOG" 2>&1 &
echo $! > "$SVC_ROOT/pids/$SVC.pid"
echo "$SVC started (pid $!), log $LOG"

wait_http "http://127.0.0.1:$PORT/-/ready" 200 30 "$LOG"
echo "$SVC ready on http://127.0.0.1:$PORT"
