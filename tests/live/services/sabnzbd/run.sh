#!/bin/bash
# SABnzbd 3.7.1 (Debian bookworm contrib) on 127.0.0.1:18270; API key
# 0123456789abcdef0123456789abcdef (query apikey=...), web UI login admin / adminpass123.
# One news server is configured, at a dead loopback port. Two tiny NZBs are added on the first
# start: one paused (it stays in the queue) and one that fails (the history shows it as Failed).
# Install first: tests/live/services/install.sh sabnzbd
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../_lib.sh"

SVC=sabnzbd BIN=sabnzbdplus PORT=18270 DEAD_NEWS_PORT=18279
API_KEY=0123456789abcdef0123456789abcdef NZB_KEY=fedcba9876543210fedcba9876543210
USER=admin PASS=adminpass123
LOG=$SVC_ROOT/logs/$SVC.log
URL=http://127.0.0.1:$PORT

command -v $BIN >/dev/null || { echo "$BIN not installed; run tests/live/services/install.sh sabnzbd" >&2; exit 1; }
already_running $SVC $BIN $PORT && exit 0

D=$SVC_ROOT/data/sabnzbd
mkdir -p "$D/downloads/incomplete" "$D/downloads/complete" "$D/admin" "$D/logs"
# Written before the first start (SABnzbd would otherwise pick a random key and 0.0.0.0:8080);
# kept afterwards, since SABnzbd rewrites it with its own additions.
[ -f "$D/sabnzbd.ini" ] || cat > "$D/sabnzbd.ini" <<CONF
__version__ = 19
__encoding__ = utf-8
[misc]
host = 127.0.0.1
port = $PORT
https_port = ""
enable_https = 0
ipv6_hosting = 0
inet_exposure = 0
api_key = $API_KEY
nzb_key = $NZB_KEY
username = $USER
password = $PASS
auto_browser = 0
check_new_rel = 0
max_art_tries = 2
language = en
download_dir = $D/downloads/incomplete
complete_dir = $D/downloads/complete
admin_dir = $D/admin
log_dir = $D/logs
[servers]
[[dead-loopback]]
name = dead-loopback
displayname = dead-loopback
host = 127.0.0.1
port = $DEAD_NEWS_PORT
timeout = 5
username = ""
password = ""
connections = 1
ssl = 0
enable = 1
required = 0
optional = 0
retention = 0
priority = 0
CONF

# One-file, one-segment NZBs whose article no server has.
nzb() {
  [ -s "$D/$1.nzb" ] || cat > "$D/$1.nzb" <<NZB_EOF
<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE nzb PUBLIC "-//newzBin//DTD NZB 1.1//EN" "http://www.newzbin.com/DTD/nzb/nzb-1.1.dtd">
<nzb xmlns="http://www.newzbin.com/DTD/2003/nzb">
 <head><meta type="title">$1</meta></head>
 <file poster="tilewire &lt;tilewire@example.invalid&gt;" date="1700000000" subject="$1 &quot;testfile.bin&quot; yEnc (1/1)">
  <groups><group>alt.binaries.test</group></groups>
  <segments><segment bytes="500000" number="1">$1-part1@example.invalid</segment></segments>
 </file>
</nzb>
NZB_EOF
}
nzb tilewire-paused
nzb tilewire-failed

# cd first, then background the real process, so $! is SABnzbd itself.
cd "$D"
nohup $BIN -f "$D/sabnzbd.ini" -b 0 --disable-file-log --console >> "$LOG" 2>&1 &
echo $! > "$SVC_ROOT/pids/$SVC.pid"
echo "$SVC started (pid $!), log $LOG"

wait_http "$URL/api?mode=version&output=json" 200 30 "$LOG"

api() { curl -s -m 10 "$URL/api?output=json&apikey=$API_KEY&$1"; }
add() {  # add NZB PRIORITY, unless a job of that name is in the queue or the history already
  if api "mode=queue" | grep -q "\"filename\": *\"$1\"" || api "mode=history" | grep -q "\"name\": *\"$1\""; then
    return 0
  fi
  local added
  added=$(api "mode=addlocalfile&name=$D/$1.nzb&nzbname=$1&priority=$2")
  echo "$added" | grep -q '"status": *true' || { echo "$SVC: addlocalfile $1 failed: $added" >&2; exit 1; }
}
add tilewire-paused -2   # priority -2: Paused
add tilewire-failed 0
# The failing job reaches the history (post-processing, then Failed) after two connection attempts,
# about 25 s on the first start only: wait for it, so that the tests see a settled queue and history.
failed() {
  api "mode=history" | python3 -c 'import json, sys
slots = json.load(sys.stdin)["history"]["slots"]
sys.exit(not any(s["name"] == "tilewire-failed" and s["status"] == "Failed" for s in slots))'
}
for _ in $(seq 1 60); do failed && break; sleep 1; done
failed || { echo "$SVC: tilewire-failed did not reach the history as Failed in 60 s" >&2; exit 1; }
echo "$SVC ready on $URL"
