#!/bin/bash
# Node-RED 4.1.8 (npm; 5.x needs Node >= 22) on 127.0.0.1:18190. Admin API login admin /
# adminpass123 (bcrypt hash in settings.js adminAuth): POST /auth/token -> Bearer token. Seeds a
# flow with an http-in endpoint GET /ping (answers {"pong":true}) so GET /flows has content.
# Install first: tests/live/services/install.sh nodered
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../_lib.sh"

# Node-RED sets its process title, so its /proc cmdline reads "node-red" (what pid_of matches).
SVC=nodered BIN=node-red PORT=18190
USER=admin PASS=adminpass123
LOG=$SVC_ROOT/logs/$SVC.log
URL=http://127.0.0.1:$PORT
NR=$SVC_ROOT/npm/nodered/node_modules

[ -f "$NR/node-red/red.js" ] || { echo "Node-RED not installed; run tests/live/services/install.sh nodered" >&2; exit 1; }
command -v node >/dev/null || { echo "node not installed; run tests/live/services/install.sh nodered" >&2; exit 1; }
already_running $SVC $BIN $PORT && exit 0

D=$SVC_ROOT/data/nodered
mkdir -p "$D"
HASH=$(cd "$NR/.." && node -e 'console.log(require("bcryptjs").hashSync(process.argv[1], 8))' "$PASS")
# uiHost: the default is every interface; telemetry: 4.1's update check. Sessions (tokens) are kept
# in $D/.sessions.json by the default storage, so they survive a restart.
cat > "$D/settings.js" <<CONF
module.exports = {
  uiHost: "127.0.0.1", uiPort: $PORT, userDir: "$D", flowFile: "flows.json",
  credentialSecret: "svc-nodered-secret",
  adminAuth: { type: "credentials", users: [{ username: "$USER", password: "$HASH", permissions: "*" }] },
  telemetry: { enabled: false },
  diagnostics: { enabled: true, ui: true },
  logging: { console: { level: "info", metrics: false, audit: false } },
  editorTheme: { tours: false, projects: { enabled: false } }
};
CONF
# Flow 1: http-in GET /ping -> change (payload {"pong":true}) -> http response; Flow 2: a disabled
# tab with an inject -> debug pair; one subflow (one function node) used once on Flow 1.
[ -s "$D/flows.json" ] || cat > "$D/flows.json" <<'CONF'
[{"id":"t1","type":"tab","label":"Flow 1","disabled":false,"info":""},
 {"id":"n1","type":"http in","z":"t1","name":"ping","url":"/ping","method":"get","upload":false,"swaggerDoc":"","x":120,"y":80,"wires":[["n2"]]},
 {"id":"n2","type":"change","z":"t1","name":"pong","rules":[{"t":"set","p":"payload","pt":"msg","to":"{\"pong\":true}","tot":"json"}],"x":300,"y":80,"wires":[["n3"]]},
 {"id":"n3","type":"http response","z":"t1","name":"","statusCode":"","headers":{},"x":470,"y":80,"wires":[]},
 {"id":"n4","type":"subflow:sf1","z":"t1","name":"","x":300,"y":160,"wires":[]},
 {"id":"t2","type":"tab","label":"Flow 2 (disabled)","disabled":true,"info":""},
 {"id":"n5","type":"inject","z":"t2","name":"","props":[{"p":"payload"}],"repeat":"","crontab":"","once":false,"onceDelay":0.1,"topic":"","payload":"","payloadType":"date","x":130,"y":80,"wires":[["n6"]]},
 {"id":"n6","type":"debug","z":"t2","name":"","active":true,"tosidebar":true,"console":false,"tostatus":false,"complete":"false","x":300,"y":80,"wires":[]},
 {"id":"sf1","type":"subflow","name":"Noop","info":"","in":[{"x":60,"y":80,"wires":[{"id":"sf1n1"}]}],"out":[]},
 {"id":"sf1n1","type":"function","z":"sf1","name":"noop","func":"return msg;","outputs":1,"x":200,"y":80,"wires":[[]]}]
CONF
cd "$D"
nohup node "$NR/node-red/red.js" --settings "$D/settings.js" --userDir "$D" >> "$LOG" 2>&1 &
echo $! > "$SVC_ROOT/pids/$SVC.pid"
echo "$SVC started (pid $!), log $LOG"

wait_http "$URL/auth/login" 200 30 "$LOG"
wait_http "$URL/ping" 200 30 "$LOG"   # the flows are started
echo "$SVC ready on $URL"
