#!/bin/bash
# Caddy 2.6.2 (Debian bookworm): admin API 127.0.0.1:18260 (no auth); site 127.0.0.1:18261 reverse-
# proxying to two upstreams: 127.0.0.1:18262 (a second site of this Caddy answering "upstream ok")
# and 127.0.0.1:18263 (nothing listens). Passive health checks (fail_duration) make Caddy count the
# dead upstream's failures, which /reverse_proxy/upstreams reports. Site 127.0.0.1:18264 is the admin
# API behind basic auth admin / adminpass123 (a proxy in front of it, as users set it up), so its
# upstream 127.0.0.1:18260 is listed too.
# Install first: tests/live/services/install.sh caddy
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../_lib.sh"

SVC=caddy BIN=caddy PORT=18260 SITE_PORT=18261 LIVE_PORT=18262 DEAD_PORT=18263 AUTH_PORT=18264
USER=admin PASS=adminpass123
LOG=$SVC_ROOT/logs/$SVC.log
URL=http://127.0.0.1:$PORT

command -v $BIN >/dev/null || { echo "$BIN not installed; run tests/live/services/install.sh caddy" >&2; exit 1; }
already_running $SVC $BIN $PORT && exit 0
if port_open $DEAD_PORT; then
  echo "$SVC: 127.0.0.1:$DEAD_PORT must stay closed (the dead upstream) but something listens" >&2
  exit 1
fi

D=$SVC_ROOT/data/caddy
mkdir -p "$D"
# bcrypt at cost 4: `caddy hash-password` uses cost 14, about a second of CPU per proxied request.
HASH=$(python3 -W ignore -c 'import crypt,sys; print(crypt.crypt(sys.argv[1], crypt.mksalt(crypt.METHOD_BLOWFISH, rounds=16)))' "$PASS")
# `persist_config off` is not a Caddyfile option in 2.6.2: keep autosave inside the data dir.
cat > "$D/Caddyfile" <<CONF
{
	admin 127.0.0.1:$PORT
	auto_https off
	storage file_system $D/storage
}
http://127.0.0.1:$SITE_PORT {
	bind 127.0.0.1
	reverse_proxy 127.0.0.1:$LIVE_PORT 127.0.0.1:$DEAD_PORT {
		lb_policy round_robin
		fail_duration 24h
		max_fails 1
	}
}
http://127.0.0.1:$LIVE_PORT {
	bind 127.0.0.1
	respond "upstream ok" 200
}
http://127.0.0.1:$AUTH_PORT {
	bind 127.0.0.1
	basicauth {
		$USER $HASH
	}
	reverse_proxy 127.0.0.1:$PORT {
		header_up Host 127.0.0.1:$PORT
	}
}
CONF
cd "$D"
XDG_DATA_HOME=$D/xdg-data XDG_CONFIG_HOME=$D/xdg-config HOME=$D \
  nohup $BIN run --config "$D/Caddyfile" --adapter caddyfile >> "$LOG" 2>&1 &
echo $! > "$SVC_ROOT/pids/$SVC.pid"
echo "$SVC started (pid $!), log $LOG"

wait_http "$URL/config/" 200 30 "$LOG"
wait_http "http://127.0.0.1:$SITE_PORT/" '200|502' 30 "$LOG"
# Proxy a few requests (round robin) until the dead upstream has a counted failure.
for _ in $(seq 1 20); do
  curl -s -m 5 "$URL/reverse_proxy/upstreams" | grep -qE "\"127.0.0.1:$DEAD_PORT\",\"num_requests\":[0-9]+,\"fails\":[1-9]" && break
  curl -s -m 5 -o /dev/null "http://127.0.0.1:$SITE_PORT/" || true
  sleep 0.1
done
wait_http "http://127.0.0.1:$AUTH_PORT/config/" 401 30 "$LOG"
echo "$SVC ready: admin $URL (and behind basic auth on http://127.0.0.1:$AUTH_PORT), site http://127.0.0.1:$SITE_PORT; upstreams: $(curl -s -m 5 "$URL/reverse_proxy/upstreams")"
