#!/bin/bash
# Glances 4.5.8 (PyPI glances[web]): REST API v4 on 127.0.0.1:18150, HTTP basic auth
# glances / adminpass123. Install first: tests/live/services/install.sh glances
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../_lib.sh"

SVC=glances PORT=18150 USER=glances PASS=adminpass123
VENV=$SVC_ROOT/venvs/glances BIN=venvs/glances/bin/glances
LOG=$SVC_ROOT/logs/$SVC.log

[ -x "$VENV/bin/glances" ] || { echo "glances not installed; run tests/live/services/install.sh glances" >&2; exit 1; }
already_running $SVC $BIN $PORT && exit 0

# Config, password file and Glances' own log all under $D (XDG dirs), nothing in $HOME.
D=$SVC_ROOT/data/glances
mkdir -p "$D/glances"
# --password prompts unless $XDG_CONFIG_HOME/glances/<user>.pwd exists; 4.x stores
# salt$pbkdf2_sha256(pbkdf2_sha256(password, ''), salt), written here with Glances' own class.
GLANCES_PWD_DIR=$D/glances GLANCES_USER=$USER GLANCES_PASS=$PASS "$VENV/bin/python" - <<'PY'
import os
from glances.password import GlancesPassword
p = GlancesPassword(username=os.environ["GLANCES_USER"])
p.password_dir = os.environ["GLANCES_PWD_DIR"]
p.password_file = os.path.join(p.password_dir, p.password_filename)
p.save_password(p.hash_password(p.get_hash(os.environ["GLANCES_PASS"])))
PY

# Plugins that would probe the network (cloud, ip) or hardware absent here are off.
XDG_CONFIG_HOME=$D XDG_CACHE_HOME=$D nohup "$VENV/bin/glances" -w --disable-webui -B 127.0.0.1 -p $PORT \
  --disable-check-update -u $USER --password \
  --disable-plugin docker,containers,cloud,ip,wifi,sensors,smart \
  >> "$LOG" 2>&1 < /dev/null &
echo $! > "$SVC_ROOT/pids/$SVC.pid"
echo "$SVC started (pid $!), log $LOG"

# /api/4/status is the one v4 route that answers without credentials.
wait_http "http://127.0.0.1:$PORT/api/4/status" 200 30 "$LOG"
echo "$SVC ready on http://127.0.0.1:$PORT (API v4)"
