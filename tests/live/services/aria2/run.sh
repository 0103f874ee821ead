#!/bin/bash
# aria2 1.36.0 (Debian bookworm): JSON-RPC on 127.0.0.1:18290/jsonrpc with the secret token
# adminpass123 (--rpc-listen-all=false binds loopback only). No DHT, no peer exchange, no
# listening BitTorrent port: nothing but the RPC port is opened. Downloads go to
# $SVC_ROOT/data/aria2/downloads; the session is not saved (a restart starts empty).
# Install first: tests/live/services/install.sh aria2
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../_lib.sh"

SVC=aria2 BIN=aria2c PORT=18290
SECRET=adminpass123
LOG=$SVC_ROOT/logs/$SVC.log

command -v $BIN >/dev/null || { echo "$BIN not installed; run tests/live/services/install.sh aria2" >&2; exit 1; }
already_running $SVC $BIN $PORT && exit 0

D=$SVC_ROOT/data/aria2
mkdir -p "$D/downloads"
# --no-conf: ignore any ~/.aria2/aria2.conf; --enable-dht/--bt-enable-lpd/--enable-peer-exchange
# off so nothing listens beyond the RPC port; --disable-ipv6 keeps the RPC on 127.0.0.1 only;
# --max-tries=1: a download from a closed port fails at once (the live test makes one).
nohup $BIN --no-conf --enable-rpc --rpc-listen-all=false --rpc-listen-port=$PORT \
  --rpc-secret="$SECRET" --disable-ipv6 --dir="$D/downloads" \
  --enable-dht=false --enable-dht6=false --bt-enable-lpd=false --enable-peer-exchange=false \
  --max-tries=1 \
  --console-log-level=warn >> "$LOG" 2>&1 &
echo $! > "$SVC_ROOT/pids/$SVC.pid"
echo "$SVC started (pid $!), log $LOG"

# aria2 answers GET /jsonrpc without a method with 400 once it listens.
wait_http "http://127.0.0.1:$PORT/jsonrpc" '200|400|405' 30 "$LOG"
echo "$SVC ready on http://127.0.0.1:$PORT/jsonrpc"
