#!/bin/bash
# Home Assistant Core 2024.3.3 (PyPI venv; the last release line for Python 3.11) on
# 127.0.0.1:18240. User admin / adminpass123; a long-lived access token is minted at the first
# start into $SVC_ROOT/data/homeassistant/llat.txt (the tests read it from there).
# configuration.yaml has no default_config (that would pip-install the frontend and friends at
# the first start): http, api, websocket_api, two template sensors and an input_boolean, plus
# what the action tests switch: input_boolean.tilewire_test, script.tilewire_test and
# automation.tilewire_test (both toggle that input_boolean; the automation's event never fires).
# Install first: tests/live/services/install.sh homeassistant
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../_lib.sh"

SVC=homeassistant PORT=18240
V=$SVC_ROOT/venvs/homeassistant/bin BIN=venvs/homeassistant/bin/hass
USER=admin PASS=adminpass123
LOG=$SVC_ROOT/logs/$SVC.log
URL=http://127.0.0.1:$PORT
D=$SVC_ROOT/data/homeassistant

[ -x "$V/hass" ] || { echo "Home Assistant not installed; run tests/live/services/install.sh homeassistant" >&2; exit 1; }
if already_running $SVC $BIN $PORT && [ -s "$D/llat.txt" ]; then exit 0; fi

if ! pid_of $SVC $BIN >/dev/null; then
  mkdir -p "$D"
  if [ ! -f "$D/configuration.yaml" ]; then
    cat > "$D/configuration.yaml" <<CONF
homeassistant:
  name: SVC
  latitude: 0
  longitude: 0
  elevation: 0
  unit_system: metric
  time_zone: UTC
  country: US
  currency: USD
http:
  server_host: 127.0.0.1
  server_port: $PORT
api:
websocket_api:
input_boolean:
  svc_switch:
    name: SVC switch
  tilewire_test:
    name: Tilewire test
template:
  - sensor:
      - name: "SVC Temperature"
        unique_id: svc_temperature
        state: "21.5"
        unit_of_measurement: "°C"
        device_class: temperature
      - name: "SVC Mode"
        unique_id: svc_mode
        state: "eco"
CONF
    "$V/hass" --script auth -c "$D" add "$USER" "$PASS" >/dev/null
  fi
  # The action tests' entities (also added to a configuration.yaml written before they existed).
  if ! grep -q '^script:' "$D/configuration.yaml"; then
    cat >> "$D/configuration.yaml" <<'CONF'
script:
  tilewire_test:
    alias: Tilewire test script
    sequence:
      - service: input_boolean.toggle
        target:
          entity_id: input_boolean.tilewire_test
automation:
  - id: tilewire_test
    alias: Tilewire test
    trigger:
      - platform: event
        event_type: tilewire_test_never_fired
    action:
      - service: input_boolean.toggle
        target:
          entity_id: input_boolean.tilewire_test
CONF
  fi
  grep -q 'name: Tilewire test$' "$D/configuration.yaml" ||
    sed -i 's/^input_boolean:$/input_boolean:\n  tilewire_test:\n    name: Tilewire test/' "$D/configuration.yaml"
  # HA's own log goes to the file; stdout/stderr (start-up problems) to $LOG.
  nohup "$V/hass" -c "$D" --log-file "$SVC_ROOT/logs/$SVC-file.log" >> "$LOG" 2>&1 &
  echo $! > "$SVC_ROOT/pids/$SVC.pid"
  echo "$SVC started (pid $!), log $LOG"
fi

# 401 without a token once the API is up (500 for every request means josepy 2.x: see install.sh).
wait_http "$URL/api/" 401 120 "$LOG"
if [ ! -s "$D/llat.txt" ]; then
  "$V/python" "$SERVICES_DIR/$SVC/mint_token.py" "$URL" "$USER" "$PASS" > "$D/llat.txt.new"
  mv "$D/llat.txt.new" "$D/llat.txt"
fi
# Ready when the core reports RUNNING (the API answers while it is still STARTING).
T=$(cat "$D/llat.txt")
end=$((SECONDS + 60))
until curl -s -m 2 -H "Authorization: Bearer $T" "$URL/api/config" | grep -q '"state": *"RUNNING"'; do
  [ $SECONDS -lt $end ] || { echo "$SVC: not RUNNING after 60 s; tail of $LOG:" >&2; tail -n 20 "$LOG" >&2; exit 1; }
  sleep 0.2
done
echo "$SVC ready on $URL (token in $D/llat.txt)"
