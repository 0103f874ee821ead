#!/bin/bash
# OctoPrint 1.11.8 (PyPI venv) on 127.0.0.1:18210 with the bundled virtual printer, which it
# connects to at start (printer "Operational"). User admin / adminpass123; the admin's API key
# SVCOCTOPRINTAPIKEY0123456789ABCD is written into users.yaml (header X-Api-Key).
# Install first: tests/live/services/install.sh octoprint
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../_lib.sh"

SVC=octoprint PORT=18210
V=$SVC_ROOT/venvs/octoprint/bin BIN=venvs/octoprint/bin/octoprint
USER=admin PASS=adminpass123 KEY=SVCOCTOPRINTAPIKEY0123456789ABCD
LOG=$SVC_ROOT/logs/$SVC.log
URL=http://127.0.0.1:$PORT

[ -x "$V/octoprint" ] || { echo "OctoPrint not installed; run tests/live/services/install.sh octoprint" >&2; exit 1; }
already_running $SVC $BIN $PORT && exit 0

D=$SVC_ROOT/data/octoprint
mkdir -p "$D"
# firstRun: false skips the setup wizard. The phone-home plugins (tracking, announcements, software
# update, plugin manager, health check, error tracking) and discovery (zeroconf/SSDP on the LAN)
# are disabled, and so are the online and Python EOL checks: nothing leaves loopback.
cat > "$D/config.yaml" <<CONF
server:
  host: 127.0.0.1
  port: $PORT
  firstRun: false
  onlineCheck: {enabled: false}
  pluginBlacklist: {enabled: false}
  pythonEolCheck: {enabled: false}
plugins:
  _disabled: [tracking, announcements, softwareupdate, discovery, errortracking, pi_support, firmware_check, achievements, pluginmanager, health_check]
  virtual_printer: {enabled: true}
serial:
  autoconnect: true
  port: VIRTUAL
  baudrate: 115200
CONF
if [ ! -f "$D/users.yaml" ]; then
  "$V/octoprint" -b "$D" user add "$USER" --password "$PASS" --admin >/dev/null
  "$V/python" - "$D/users.yaml" "$USER" "$KEY" <<'PY'
import sys, yaml
path, user, key = sys.argv[1:4]
with open(path) as f:
    users = yaml.safe_load(f)
users[user]["apikey"] = key
with open(path, "w") as f:
    yaml.safe_dump(users, f)
PY
fi
# As root, OctoPrint refuses to start without --iknowwhatimdoing.
nohup "$V/octoprint" -b "$D" serve --host 127.0.0.1 --port $PORT --iknowwhatimdoing >> "$LOG" 2>&1 &
echo $! > "$SVC_ROOT/pids/$SVC.pid"
echo "$SVC started (pid $!), log $LOG"

wait_http "$URL/api/version" '200|401|403' 60 "$LOG"
# The virtual printer connects a moment later: /api/printer answers 409 until it is operational.
end=$((SECONDS + 30))
until [ "$(http_code "$URL/api/printer" -H "X-Api-Key: $KEY")" = 200 ]; do
  if [ $SECONDS -ge $end ]; then
    curl -s -m 5 -H "X-Api-Key: $KEY" -H 'Content-Type: application/json' \
      -d '{"command":"connect","port":"VIRTUAL","baudrate":115200}' "$URL/api/connection" >/dev/null || true
    end=$((SECONDS + 30))
    [ -z "${retried:-}" ] || { echo "$SVC: the virtual printer did not connect; tail of $LOG:" >&2; tail -n 20 "$LOG" >&2; exit 1; }
    retried=1
  fi
  sleep 0.2
done
echo "$SVC ready on $URL (virtual printer operational)"
