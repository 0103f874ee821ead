#!/bin/bash
# Deluge 2.0.3 (Debian bookworm): web JSON-RPC on 127.0.0.1:18131 (web password adminpass123), daemon
# RPC on 127.0.0.1:18130 (account admin / adminpass123), BitTorrent on 127.0.0.1:18132. Seeds
# $SVC_ROOT/data/test.torrent so the torrent list has content.
# Install first: tests/live/services/install.sh deluge
#
# Two processes, one pid: a shell starts deluged in the background, waits for its port, then execs
# deluge-web. The recorded pid is therefore deluge-web and deluged is its direct child, so stop.sh
# (recorded pid + direct children) stops both, and restart_service("deluge") restarts both.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../_lib.sh"

SVC=deluge BIN=deluge-web PORT=18131 DAEMON_PORT=18130 BT_PORT=18132
PASS=adminpass123 DAEMON_USER=admin
HOST_ID=d0000000000000000000000000000001
LOG=$SVC_ROOT/logs/$SVC.log
URL=http://127.0.0.1:$PORT/json

for b in deluged deluge-web; do
  command -v $b >/dev/null || { echo "$b not installed; run tests/live/services/install.sh deluge" >&2; exit 1; }
done
already_running $SVC $BIN $PORT && exit 0
# A deluged left from a stop that is still saving its state holds the daemon port: wait (bounded).
for _ in $(seq 1 50); do port_open $DAEMON_PORT || break; sleep 0.2; done
if port_open $DAEMON_PORT; then
  echo "$SVC: port 127.0.0.1:$DAEMON_PORT is taken by a process not started by this script" >&2
  exit 1
fi

D=$SVC_ROOT/data/deluge
mkdir -p "$D/downloads"
# Config files are two concatenated JSON objects: {"file": N, "format": 1}{...}. Rewritten at every
# start, which also drops the web sessions deluge-web saved: a restart invalidates every cookie.
echo "$DAEMON_USER:$PASS:10" > "$D/auth"          # daemon user:password:authlevel (10 = admin)
cat > "$D/core.conf" <<CONF
{"file": 1, "format": 1}{"listen_ports": [$BT_PORT, $BT_PORT], "random_port": false,
 "listen_interface": "127.0.0.1", "outgoing_interface": "lo", "dht": false, "upnp": false,
 "natpmp": false, "lsd": false, "utpex": false, "new_release_check": false, "allow_remote": false,
 "download_location": "$D/downloads", "daemon_port": $DAEMON_PORT}
CONF
cat > "$D/hostlist.conf" <<CONF
{"file": 3, "format": 1}{"hosts": [["$HOST_ID", "127.0.0.1", $DAEMON_PORT, "$DAEMON_USER", "$PASS"]]}
CONF
# Web password: sha1(salt + password).
SALT=0123456789abcdef0123456789abcdef01234567
SHA=$(python3 -c 'import hashlib,sys;print(hashlib.sha1((sys.argv[1]+sys.argv[2]).encode()).hexdigest())' "$SALT" "$PASS")
cat > "$D/web.conf" <<CONF
{"file": 2, "format": 1}{"pwd_salt": "$SALT", "pwd_sha1": "$SHA", "default_daemon": "$HOST_ID",
 "first_login": false, "interface": "127.0.0.1", "port": $PORT, "https": false,
 "session_timeout": 3600, "sessions": {}}
CONF

# deluge-web connects to default_daemon by itself only if deluged listens when it starts.
export D DAEMON_PORT PORT LOG
nohup bash -c '
  deluged -d -c "$D" -u 127.0.0.1 -p $DAEMON_PORT -i 127.0.0.1 -L info >> "$LOG" 2>&1 &
  for _ in $(seq 1 100); do (exec 3<>/dev/tcp/127.0.0.1/$DAEMON_PORT) 2>/dev/null && break; sleep 0.1; done
  exec deluge-web -d -c "$D" -i 127.0.0.1 -p $PORT -L info
' >> "$LOG" 2>&1 &
echo $! > "$SVC_ROOT/pids/$SVC.pid"
echo "$SVC started (pid $!: deluge-web, deluged its child), log $LOG"

CJ=$(mktemp); trap 'rm -f "$CJ"' EXIT
rpc() {  # rpc METHOD PARAMS_JSON: the JSON answer of the web API (session cookie in $CJ)
  curl -s -m 10 -b "$CJ" -c "$CJ" -H 'Content-Type: application/json' \
    -d "{\"method\": \"$1\", \"params\": $2, \"id\": 1}" "$URL"
}
ready=0
for _ in $(seq 1 150); do
  if [ "$(http_code "$URL" -H 'Content-Type: application/json' -d '{"method":"auth.check_session","params":[],"id":0}')" = 200 ]; then
    ready=1; break
  fi
  sleep 0.2
done
[ $ready = 1 ] || { echo "$SVC: web API not answering on $URL; tail of $LOG:" >&2; tail -n 20 "$LOG" >&2; exit 1; }
rpc auth.login "[\"$PASS\"]" | grep -q '"result": true' || { echo "$SVC: web login failed" >&2; exit 1; }
connected=0
for _ in $(seq 1 50); do
  if rpc web.connected '[]' | grep -q '"result": true'; then connected=1; break; fi
  rpc web.connect "[\"$HOST_ID\"]" >/dev/null
  sleep 0.2
done
[ $connected = 1 ] || { echo "$SVC: deluge-web did not connect to deluged; tail of $LOG:" >&2; tail -n 20 "$LOG" >&2; exit 1; }

# Seed the test torrent (the daemon keeps it across restarts in its state folder).
ensure_test_torrent
INFOHASH=$(cat "$TEST_TORRENT.hash")
if ! rpc core.get_torrents_status "[{\"id\": [\"$INFOHASH\"]}, [\"name\"]]" | grep -q "$INFOHASH"; then
  added=$(rpc core.add_torrent_file "[\"test.torrent\", \"$(base64 -w0 "$TEST_TORRENT")\", {\"download_location\": \"$TEST_PAYLOAD_DIR\"}]")
  echo "$added" | grep -q "\"result\": \"$INFOHASH\"" || { echo "$SVC: add_torrent_file failed: $added" >&2; exit 1; }
fi
# Wait (bounded) until the local payload is verified, so the list shows a complete, seeding torrent.
for _ in $(seq 1 50); do
  rpc core.get_torrents_status "[{\"id\": [\"$INFOHASH\"]}, [\"state\"]]" | grep -q '"Seeding"' && break
  sleep 0.2
done
echo "$SVC ready on $URL (seeded torrent $INFOHASH)"
