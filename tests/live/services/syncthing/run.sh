#!/bin/bash
# Syncthing 1.19.2 (Debian bookworm): GUI/REST 127.0.0.1:18170 with the API key
# svc-syncthing-apikey-0123456789 (header X-API-Key), sync protocol 127.0.0.1:18171; discovery,
# relays, NAT, usage reporting, crash reports and upgrades off. Adds folder "folder1" (one file)
# shared with one remote device that never connects, so status has folders and devices.
# Install first: tests/live/services/install.sh syncthing
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../_lib.sh"

SVC=syncthing BIN=syncthing PORT=18170 SYNC_PORT=18171
APIKEY=svc-syncthing-apikey-0123456789
LOG=$SVC_ROOT/logs/$SVC.log
URL=http://127.0.0.1:$PORT

command -v $BIN >/dev/null || { echo "$BIN not installed; run tests/live/services/install.sh syncthing" >&2; exit 1; }
already_running $SVC $BIN $PORT && exit 0

D=$SVC_ROOT/data/syncthing
mkdir -p "$D/home" "$D/folder1"
if [ ! -s "$D/home/config.xml" ]; then
  $BIN generate --home="$D/home" --no-default-folder --skip-port-probing >/dev/null 2>&1
fi
# keep everything on loopback and offline (local discovery would broadcast on the LAN, port 21027)
sed -i -e "s#<listenAddress>default</listenAddress>#<listenAddress>tcp://127.0.0.1:$SYNC_PORT</listenAddress>#" \
  -e 's#<globalAnnounceEnabled>true#<globalAnnounceEnabled>false#' \
  -e 's#<localAnnounceEnabled>true#<localAnnounceEnabled>false#' \
  -e 's#<relaysEnabled>true#<relaysEnabled>false#' -e 's#<natEnabled>true#<natEnabled>false#' \
  -e 's#<startBrowser>true#<startBrowser>false#' -e 's#<urAccepted>0#<urAccepted>-1#' \
  -e 's#<crashReportingEnabled>true#<crashReportingEnabled>false#' \
  -e 's#<autoUpgradeIntervalH>12#<autoUpgradeIntervalH>0#' \
  -e "s#<address>127.0.0.1:8384</address>#<address>127.0.0.1:$PORT</address>#" "$D/home/config.xml"
# the remote device: a key pair of its own (never started), known to the local instance only
if [ ! -s "$D/peer/cert.pem" ]; then
  $BIN generate --home="$D/peer" --no-default-folder --skip-port-probing >/dev/null 2>&1
fi
PEER=$($BIN --home="$D/peer" --device-id)
echo hello > "$D/folder1/a.txt"

cd "$D"
STNORESTART=1 STNOUPGRADE=1 nohup $BIN serve --home="$D/home" --no-browser --no-restart --no-upgrade \
  --gui-address=$URL --gui-apikey=$APIKEY >> "$LOG" 2>&1 &
echo $! > "$SVC_ROOT/pids/$SVC.pid"
echo "$SVC started (pid $!), log $LOG"

K="X-API-Key: $APIKEY"
for _ in $(seq 1 150); do
  [ "$(http_code "$URL/rest/system/ping" -H "$K")" = 200 ] && break
  sleep 0.2
done
[ "$(http_code "$URL/rest/system/ping" -H "$K")" = 200 ] || { echo "$SVC not ready; tail of $LOG:" >&2; tail -n 20 "$LOG" >&2; exit 1; }

# PUT replaces the whole object, so these are idempotent across restarts.
put() { curl -sf -m 10 -o /dev/null -X PUT -H "$K" -H 'Content-Type: application/json' -d "$2" "$URL$1"; }
put "/rest/config/devices/$PEER" \
  "{\"deviceID\":\"$PEER\",\"name\":\"peer (offline)\",\"addresses\":[\"tcp://127.0.0.1:18179\"],\"paused\":false}"
put /rest/config/folders/folder1 \
  "{\"id\":\"folder1\",\"label\":\"Folder 1\",\"path\":\"$D/folder1\",\"type\":\"sendreceive\",\"rescanIntervalS\":3600,\"fsWatcherEnabled\":false,\"devices\":[{\"deviceID\":\"$PEER\"}]}"
# wait (bounded) until the folder's first scan is done
for _ in $(seq 1 100); do
  curl -s -m 5 -H "$K" "$URL/rest/db/status?folder=folder1" | grep -qE '"state": *"idle"' && break
  sleep 0.2
done
echo "$SVC ready on $URL (folder1 shared with $PEER)"
