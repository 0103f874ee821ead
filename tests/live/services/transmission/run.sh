#!/bin/bash
# transmission-daemon 3.00 (Debian bookworm): RPC 127.0.0.1:18120/transmission/rpc with HTTP basic
# auth admin / adminpass123 (+ the X-Transmission-Session-Id 409 handshake), peer port 127.0.0.1:18121.
# Also makes $SVC_ROOT/data/test.torrent (tests add it with torrent-add).
# Install first: tests/live/services/install.sh transmission
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../_lib.sh"

SVC=transmission BIN=transmission-daemon PORT=18120 PEER_PORT=18121
USER=admin PASS=adminpass123
LOG=$SVC_ROOT/logs/$SVC.log

command -v $BIN >/dev/null || { echo "$BIN not installed; run tests/live/services/install.sh transmission" >&2; exit 1; }
already_running $SVC $BIN $PORT && exit 0

ensure_test_torrent
D=$SVC_ROOT/data/transmission
mkdir -p "$D/downloads"
# -f foreground (so $! is the daemon), -g config dir (settings.json gets the salted password hash),
# -r/-a RPC bind + whitelist, -t/-u/-v auth, -i/-I peer bind, -O -Y -M: DHT, LPD, port mapping OFF
# (lower-case -o/-y/-m would turn them ON).
nohup $BIN -f -g "$D" -w "$D/downloads" \
  -r 127.0.0.1 -p $PORT -a 127.0.0.1 \
  -t -u "$USER" -v "$PASS" \
  -P $PEER_PORT -i 127.0.0.1 -I ::1 \
  -O -Y -M --no-utp \
  >> "$LOG" 2>&1 &
echo $! > "$SVC_ROOT/pids/$SVC.pid"
echo "$SVC started (pid $!), log $LOG"

wait_http "http://127.0.0.1:$PORT/transmission/rpc" '401|409' 30 "$LOG"
echo "$SVC ready on http://127.0.0.1:$PORT/transmission/rpc"
