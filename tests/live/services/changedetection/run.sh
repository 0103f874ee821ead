#!/bin/bash
# changedetection.io 0.60.10 (PyPI venv) on 127.0.0.1:18220, REST API key in the header
# x-api-key: svcchangedetectionapikey0123456 (written into the datastore before the first start).
# Three watches: a static file of changedetection.io itself (a stable loopback page), a local text
# file the tests rewrite to make a change (file:// watches need ALLOW_FILE_URI), and 127.0.0.1:18999,
# where nothing listens (a watch with an error). No browser: plain HTTP fetches.
# Install first: tests/live/services/install.sh changedetection
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../_lib.sh"

SVC=changedetection PORT=18220
V=$SVC_ROOT/venvs/changedetection/bin BIN=venvs/changedetection/bin/changedetection.io
KEY=svcchangedetectionapikey0123456
LOG=$SVC_ROOT/logs/$SVC.log
URL=http://127.0.0.1:$PORT
D=$SVC_ROOT/data/changedetection
PAGE=$SVC_ROOT/data/changedetection-page.txt

[ -x "$V/changedetection.io" ] || { echo "changedetection.io not installed; run tests/live/services/install.sh changedetection" >&2; exit 1; }
already_running $SVC $BIN $PORT && exit 0

# Loopback watches are refused as private addresses unless ALLOW_IANA_RESTRICTED_ADDRESSES;
# DISABLE_VERSION_CHECK stops the phone-home to the project's site.
export DISABLE_VERSION_CHECK=yes ALLOW_IANA_RESTRICTED_ADDRESSES=true ALLOW_FILE_URI=true
if [ ! -f "$D/changedetection.json" ]; then
  mkdir -p "$D"
  # Create the datastore only (with -u the two default internet watches are not added), then pin
  # the key; the watches are added through the API below.
  TESTING_SHUTDOWN_AFTER_DATASTORE_LOAD=1 "$V/changedetection.io" -d "$D" -C -u http://127.0.0.1:18999/ >> "$LOG" 2>&1
  "$V/python" - "$D/changedetection.json" "$KEY" <<'PY'
import json, sys
path, key = sys.argv[1:3]
with open(path) as f:
    data = json.load(f)
data["settings"]["application"]["api_access_token"] = key
with open(path, "w") as f:
    json.dump(data, f, indent=2)
PY
fi

nohup "$V/changedetection.io" -d "$D" -h 127.0.0.1 -p $PORT -l INFO >> "$LOG" 2>&1 &
echo $! > "$SVC_ROOT/pids/$SVC.pid"
echo "$SVC started (pid $!), log $LOG"

wait_http "$URL/api/v1/systeminfo" 403 60 "$LOG"
[ -f "$PAGE" ] || echo "tilewire test page, version 1" > "$PAGE"
# add_watch URL TITLE: once (the datastore keeps the watches across restarts).
add_watch() {
  local watches
  watches=$(curl -s -m 5 -H "x-api-key: $KEY" "$URL/api/v1/watch")
  grep -qF "\"url\": \"$1\"" <<< "$watches" && return 0
  curl -s -m 5 -f -H "x-api-key: $KEY" -H 'Content-Type: application/json' \
    -d "{\"url\": \"$1\", \"title\": \"$2\"}" "$URL/api/v1/watch" >/dev/null
}
add_watch "$URL/static/favicons/browserconfig.xml" "changedetection browserconfig"
add_watch "file://$PAGE" "tilewire test page"
add_watch "http://127.0.0.1:18999/" "nothing listens here"
echo "$SVC ready on $URL"
