#!/bin/bash
# pyLoad-ng 0.5.0b3.dev101 (PyPI pre-release) web UI and API on 127.0.0.1:18230: user admin /
# adminpass123, API key (header X-API-Key) pl_11svcPyloadApiKey_0123456789abcdefghijklmnopq.
# Seeds two packages on the first start: a queued one whose link fails, one in the collector.
# Install first: tests/live/services/install.sh pyload
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../_lib.sh"

SVC=pyload PORT=18230 DEAD_PORT=18239
V=$SVC_ROOT/venvs/pyload/bin
BIN=$V/pyload
API_KEY=pl_11svcPyloadApiKey_0123456789abcdefghijklmnopq
LOG=$SVC_ROOT/logs/$SVC.log
URL=http://127.0.0.1:$PORT

[ -x "$BIN" ] || { echo "$BIN not installed; run tests/live/services/install.sh pyload" >&2; exit 1; }
already_running $SVC "$BIN" $PORT && exit 0

D=$SVC_ROOT/data/pyload
ARGS=(--userdir "$D/user" --storagedir "$D/downloads" --tempdir "$D/tmp")
mkdir -p "$D"
if [ ! -f "$D/user/settings/pyload.cfg" ]; then
  # The first run writes the default config and database, with the web UI on localhost:8000:
  # do it in an empty network namespace where possible, so nothing else can be disturbed.
  if unshare -n true 2>/dev/null; then
    unshare -n sh -c 'ip link set lo up 2>/dev/null; exec "$@"' sh "$BIN" "${ARGS[@]}" --dry-run > "$SVC_ROOT/logs/$SVC-init.log" 2>&1
  else
    "$BIN" "${ARGS[@]}" --dry-run > "$SVC_ROOT/logs/$SVC-init.log" 2>&1
  fi
  # Only the webui section has a port 8000 line; host lines: webui, proxy (unused), syslog (off).
  sed -i -e 's/^\(\tip host : "IP address" = \).*/\1127.0.0.1/' \
         -e 's/^\(\tint port : "Port" = \)8000$/\1'$PORT'/' "$D/user/settings/pyload.cfg"
  grep -q "int port : \"Port\" = $PORT" "$D/user/settings/pyload.cfg" || { echo "$SVC: port not set in pyload.cfg" >&2; exit 1; }
  # The default user pyload/pyload becomes admin/adminpass123; the API key row is pre-seeded:
  # key = "pl_" + len(str(key_id)) + key_id + 43-character token, the table holds sha256(token).
  PYLOAD_DB="$D/user/data/pyload.db" "$V/python" - <<'PY'
import hashlib, os, sqlite3, time
from pyload.core.database.user_database import _gensalt, _salted_password
db = sqlite3.connect(os.environ["PYLOAD_DB"])
db.execute("UPDATE users SET name='admin', password=? WHERE name='pyload'",
           (_salted_password("adminpass123", _gensalt()),))
token = "svcPyloadApiKey_0123456789abcdefghijklmnopq"
assert len(token) == 43
db.execute("INSERT OR REPLACE INTO apikeys (id, user_id, name, key_hash, created_at, expires_at, last_used)"
           " VALUES (1, 1, 'tilewire', ?, ?, 0, 0)",
           (hashlib.sha256(token.encode()).hexdigest(), int(time.time() * 1000)))
db.commit()
PY
fi

# cd first, then background the real process, so $! is pyLoad itself.
cd "$D"
nohup "$BIN" "${ARGS[@]}" >> "$LOG" 2>&1 &
echo $! > "$SVC_ROOT/pids/$SVC.pid"
echo "$SVC started (pid $!), log $LOG"
wait_http "$URL/login" 200 30 "$LOG"

api() { curl -s -m 10 -H "X-API-Key: $API_KEY" "$@"; }
# Seed once (the packages live in pyLoad's database and survive restarts): one queued package whose
# link fails (pyLoad refuses to download from loopback and private addresses) and one package
# left in the collector. The API allows 100 calls a minute per address: poll sparingly.
if ! api "$URL/api/get_collector" | grep -q '"tilewire-collector"'; then
  add() { api -H 'Content-Type: application/json' -d "$1" "$URL/api/add_package" >/dev/null; }
  add '{"name": "tilewire-failed", "links": ["http://127.0.0.1:'$DEAD_PORT'/testfile.bin"], "dest": 1}'
  add '{"name": "tilewire-collector", "links": ["http://127.0.0.1:'$DEAD_PORT'/later.bin"], "dest": 0}'
  for _ in $(seq 1 20); do
    api "$URL/api/get_queue_data" | grep -q '"statusmsg": *"failed"' && break
    sleep 0.5
  done
fi
echo "$SVC ready on $URL"
