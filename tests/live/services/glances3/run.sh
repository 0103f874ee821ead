#!/bin/bash
# Glances 3.3.1.1 (Debian bookworm): REST API v3 on 127.0.0.1:18151, HTTP basic auth
# glances / adminpass123. Install first: tests/live/services/install.sh glances3
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../_lib.sh"

SVC=glances3 PORT=18151 USER=glances PASS=adminpass123
BIN=/usr/bin/glances
LOG=$SVC_ROOT/logs/$SVC.log

[ -x $BIN ] || { echo "$BIN not installed; run tests/live/services/install.sh glances3" >&2; exit 1; }
already_running $SVC $BIN $PORT && exit 0

D=$SVC_ROOT/data/glances3
mkdir -p "$D/glances"
# 3.3 stores salt$pbkdf2_sha256(sha256(password), salt) in $XDG_CONFIG_HOME/glances/<user>.pwd.
# Debian's glances runs on the system /usr/bin/python3, whatever python3 is first on PATH.
XDG_CONFIG_HOME=$D GLANCES_USER=$USER GLANCES_PASS=$PASS /usr/bin/python3 - <<'PY'
import os
from glances.password import GlancesPassword
p = GlancesPassword(username=os.environ["GLANCES_USER"])
p.save_password(p.hash_password(p.sha256_hash(os.environ["GLANCES_PASS"])))
PY

XDG_CONFIG_HOME=$D XDG_CACHE_HOME=$D nohup $BIN -w --disable-webui -B 127.0.0.1 -p $PORT \
  --disable-check-update -u $USER --password \
  --disable-plugin docker,cloud,ip,wifi,sensors,smart \
  >> "$LOG" 2>&1 < /dev/null &
echo $! > "$SVC_ROOT/pids/$SVC.pid"
echo "$SVC started (pid $!), log $LOG"

wait_http "http://127.0.0.1:$PORT/api/3/status" '401' 30 "$LOG"
echo "$SVC ready on http://127.0.0.1:$PORT (API v3)"
