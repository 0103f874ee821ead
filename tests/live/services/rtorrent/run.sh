#!/bin/bash
# rTorrent 0.9.8 (Debian bookworm) behind lighttpd 1.4.69: XML-RPC at http://127.0.0.1:18300/RPC2
# with HTTP basic auth admin / adminpass123 (lighttpd's mod_auth, a plain user file). rTorrent
# speaks XML-RPC over SCGI only: lighttpd's mod_scgi passes /RPC2 to rTorrent's SCGI unix socket
# $SVC_ROOT/data/rtorrent/rpc.socket (mode 0700, so nobody else reaches rTorrent without the
# password). rTorrent runs headless (system.daemon), BitTorrent on 127.0.0.1:18301, no DHT, no peer
# exchange, no UDP trackers (it maps no ports); its session (torrents and their started/stopped
# state) lives in $SVC_ROOT/data/rtorrent/session across restarts. Seeds $SVC_ROOT/data/test.torrent
# from $SVC_ROOT/data/payload: added once, verified 100 %; a torrent a test left stopped stays
# stopped (the live tests start it).
# Two processes, two pid files: rtorrent and rtorrent-lighttpd; rtorrent/stop.sh stops both.
# Install first: tests/live/services/install.sh rtorrent
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../_lib.sh"

SVC=rtorrent BIN=rtorrent WEB=rtorrent-lighttpd PORT=18300 BT_PORT=18301
USER=admin PASS=adminpass123
LOG=$SVC_ROOT/logs/$SVC.log
D=$SVC_ROOT/data/$SVC
SOCK=$D/rpc.socket

for b in rtorrent lighttpd; do
  command -v $b >/dev/null || { echo "$b not installed; run tests/live/services/install.sh rtorrent" >&2; exit 1; }
done
rt_pid=$(pid_of $SVC $BIN) || rt_pid=
web_pid=$(pid_of $WEB lighttpd) || web_pid=
if [ -n "$rt_pid" ] && [ -n "$web_pid" ]; then
  echo "$SVC already running (rtorrent pid $rt_pid, lighttpd pid $web_pid)"
  exit 0
fi
if [ -z "$web_pid" ] && port_open $PORT; then
  echo "$SVC: port 127.0.0.1:$PORT is taken by a process not recorded in $SVC_ROOT/pids/$WEB.pid" >&2
  exit 1
fi

mkdir -p "$D/session" "$D/downloads" "$D/www"
if [ -z "$rt_pid" ]; then
  # An rTorrent still saving its session after a stop holds the BitTorrent port: wait (bounded).
  for _ in $(seq 1 50); do port_open $BT_PORT || break; sleep 0.2; done
  if port_open $BT_PORT; then
    echo "$SVC: port 127.0.0.1:$BT_PORT is taken by a process not recorded in $SVC_ROOT/pids/$SVC.pid" >&2
    exit 1
  fi
  # Rewritten at every start; -n below keeps ~/.rtorrent.rc out.
  cat > "$D/rtorrent.rc" <<RC
session.path.set = "$D/session"
directory.default.set = "$D/downloads"
network.scgi.open_local = "$SOCK"
network.bind_address.set = 127.0.0.1
network.port_range.set = $BT_PORT-$BT_PORT
network.port_random.set = no
dht.mode.set = disable
protocol.pex.set = no
trackers.use_udp.set = no
RC
  rm -f "$SOCK"   # rTorrent does not remove the socket a previous run left
  # umask 077: the SCGI socket (and the session files) only for this user. system.daemon: no
  # terminal UI, and rTorrent stays in the foreground, so $! is rTorrent itself.
  (
    umask 077
    nohup $BIN -n -o system.daemon.set=true -o "import=$D/rtorrent.rc" < /dev/null >> "$LOG" 2>&1 &
    echo $! > "$SVC_ROOT/pids/$SVC.pid"
  )
  rt_pid=$(cat "$SVC_ROOT/pids/$SVC.pid")
  echo "$SVC started (rtorrent pid $rt_pid), log $LOG"
  for _ in $(seq 1 100); do { [ -S "$SOCK" ] || ! alive "$rt_pid"; } && break; sleep 0.1; done
  if [ ! -S "$SOCK" ]; then
    echo "$SVC: rtorrent opened no SCGI socket at $SOCK; tail of $LOG:" >&2
    tail -n 20 "$LOG" >&2
    exit 1
  fi
fi

if [ -z "$web_pid" ]; then
  (umask 077; printf '%s:%s\n' "$USER" "$PASS" > "$D/lighttpd.users")
  cat > "$D/lighttpd.conf" <<CONF
server.document-root = "$D/www"
server.bind = "127.0.0.1"
server.port = $PORT
server.modules = ("mod_auth", "mod_authn_file", "mod_scgi")
auth.backend = "plain"
auth.backend.plain.userfile = "$D/lighttpd.users"
auth.require = ("/RPC2" => ("method" => "basic", "realm" => "rTorrent", "require" => "valid-user"))
scgi.server = ("/RPC2" => (("socket" => "$SOCK", "check-local" => "disable")))
CONF
  # -D: foreground, so $! is lighttpd; its error log goes to stderr, i.e. $LOG.
  nohup lighttpd -D -f "$D/lighttpd.conf" < /dev/null >> "$LOG" 2>&1 &
  echo $! > "$SVC_ROOT/pids/$WEB.pid"
  echo "$SVC: lighttpd started (pid $!)"
fi

# rpc METHOD STRING...: one XML-RPC call through lighttpd with string parameters (bounded); prints
# the answer's XML (a fault is <fault>...faultCode...).
rpc() {
  local method=$1 params="" a
  shift
  for a in "$@"; do
    a=${a//&/&amp;}; a=${a//</&lt;}; a=${a//>/&gt;}
    params+="<param><value><string>$a</string></value></param>"
  done
  curl -s -m 10 -u "$USER:$PASS" -H 'Content-Type: text/xml' --data-binary \
    "<?xml version=\"1.0\"?><methodCall><methodName>$method</methodName><params>$params</params></methodCall>" \
    "http://127.0.0.1:$PORT/RPC2" || true
}
# answers METHOD STRING... -- WANTED: the call succeeds with an answer containing WANTED.
answers() {
  local args=() out
  while [ "$1" != -- ]; do args+=("$1"); shift; done
  out=$(rpc "${args[@]}")
  [[ $out != *faultCode* && $out == *"$2"* ]]
}

ready=0
for _ in $(seq 1 150); do
  if answers system.client_version -- '<string>'; then
    ready=1; break
  fi
  sleep 0.2
done
[ $ready = 1 ] || { echo "$SVC: no XML-RPC answer on http://127.0.0.1:$PORT/RPC2; tail of $LOG:" >&2; tail -n 20 "$LOG" >&2; exit 1; }

# Seed the test torrent (the session keeps it across restarts; rTorrent names it by the upper-case hash).
ensure_test_torrent
INFOHASH=$(tr a-f A-F < "$TEST_TORRENT.hash")
if ! answers d.name "$INFOHASH" -- testfile.bin; then
  added=$(rpc load.start_verbose "" "$TEST_TORRENT" "d.directory.set=$TEST_PAYLOAD_DIR")
  if [[ $added != *'<methodResponse>'* || $added == *faultCode* ]]; then
    echo "$SVC: load.start_verbose failed: $added" >&2
    exit 1
  fi
fi
# Wait (bounded) until rTorrent has verified the local payload as complete.
for _ in $(seq 1 50); do
  answers d.complete "$INFOHASH" -- '<i8>1</i8>' && break
  sleep 0.2
done
if ! answers d.complete "$INFOHASH" -- '<i8>1</i8>'; then
  echo "$SVC: the test torrent $INFOHASH is not verified complete after 10 s; tail of $LOG:" >&2
  tail -n 20 "$LOG" >&2
  exit 1
fi
echo "$SVC ready on http://127.0.0.1:$PORT/RPC2 (seeded torrent $INFOHASH)"
