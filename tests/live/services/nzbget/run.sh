#!/bin/bash
# NZBGet 21.0 (Debian bookworm): JSON-RPC on 127.0.0.1:18180/jsonrpc, HTTP basic auth
# nzbget / adminpass123. Queues two small NZBs (one PAUSED, one QUEUED in category Movies) whose only
# news server is a dead loopback port that NZBGet never contacts (Server1.Active=no: a queued NZB
# then waits for a server forever), so the queue has content and nothing leaves 127.0.0.1.
# Install first: tests/live/services/install.sh nzbget
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../_lib.sh"

SVC=nzbget BIN=nzbget PORT=18180 DEAD_NEWS_PORT=18189
USER=nzbget PASS=adminpass123
LOG=$SVC_ROOT/logs/$SVC.log
URL=http://127.0.0.1:$PORT

command -v $BIN >/dev/null || { echo "$BIN not installed; run tests/live/services/install.sh nzbget" >&2; exit 1; }
already_running $SVC $BIN $PORT && exit 0

D=$SVC_ROOT/data/nzbget
mkdir -p "$D/dst" "$D/inter"   # FreeDiskSpace is that of DestDir: -1 while it does not exist
# Debian's template puts MainDir in ~/downloads and expands ${MainDir} before -o overrides apply:
# set it in the file, and every folder explicitly.
sed "s|^MainDir=.*|MainDir=$D|" /etc/nzbget.conf > "$D/nzbget.conf"
# -s: server mode in the foreground; every option overridable with -o. The queue lives in $D/queue
# and survives restarts.
nohup $BIN -s -c "$D/nzbget.conf" -o MainDir="$D" -o DestDir="$D/dst" -o InterDir="$D/inter" \
  -o NzbDir="$D/nzb" -o QueueDir="$D/queue" -o TempDir="$D/tmp" -o ScriptDir="$D/scripts" \
  -o LockFile="$D/nzbget.lock" -o LogFile="$D/nzbget.log" -o ControlIP=127.0.0.1 -o ControlPort=$PORT \
  -o ControlUsername=$USER -o ControlPassword=$PASS -o RestrictedUsername= -o AddUsername= \
  -o SecureControl=no -o UpdateCheck=none -o OutputMode=log -o DaemonUsername=root \
  -o WriteLog=none -o Server1.Host=127.0.0.1 -o Server1.Port=$DEAD_NEWS_PORT \
  -o Server1.Active=no -o Server1.Encryption=no >> "$LOG" 2>&1 &
echo $! > "$SVC_ROOT/pids/$SVC.pid"
echo "$SVC started (pid $!), log $LOG"

rpc() {  # rpc METHOD PARAMS_JSON: the JSON-RPC answer
  curl -s -m 10 -u "$USER:$PASS" -d "{\"method\": \"$1\", \"params\": $2, \"id\": 1}" "$URL/jsonrpc"
}
ready=0
for _ in $(seq 1 150); do
  [ "$(http_code "$URL/jsonrpc/version" -u "$USER:$PASS")" = 200 ] && { ready=1; break; }
  sleep 0.2
done
[ $ready = 1 ] || { echo "$SVC: not answering on $URL; tail of $LOG:" >&2; tail -n 20 "$LOG" >&2; exit 1; }

# nzb NAME BYTES_PER_SEGMENT: a two-segment NZB of one file whose articles exist nowhere.
nzb() {
  cat <<NZB
<?xml version="1.0" encoding="UTF-8"?>
<nzb xmlns="http://www.newzbin.com/DTD/2003/nzb">
 <head><meta type="title">$1</meta></head>
 <file poster="tilewire@127.0.0.1" date="1795690000" subject="$1 - &quot;$1.bin&quot; yEnc (1/2)">
  <groups><group>alt.binaries.test</group></groups>
  <segments>
   <segment bytes="$2" number="1">$1.part1@tilewire.invalid</segment>
   <segment bytes="$2" number="2">$1.part2@tilewire.invalid</segment>
  </segments>
 </file>
</nzb>
NZB
}
# append NAME BYTES CATEGORY PAUSED: queue the NZB unless a group of that name is there already.
append() {
  if rpc listgroups '[0]' | grep -q "\"NZBName\" : \"$1\""; then return 0; fi
  local id
  id=$(rpc append "[\"$1.nzb\", \"$(nzb "$1" "$2" | base64 -w0)\", \"$3\", 0, false, $4, \"\", 0, \"SCORE\", []]")
  echo "$id" | grep -qE '"result" : [1-9]' || { echo "$SVC: append $1 failed: $id" >&2; exit 1; }
}
append tilewire-paused 640000 "" true
append tilewire-movies 1536000 Movies false
echo "$SVC ready on $URL/jsonrpc"
