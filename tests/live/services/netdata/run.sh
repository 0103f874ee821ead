#!/bin/bash
# Netdata v1.37.1 (Debian bookworm) on 127.0.0.1:18160, no auth. Two always-raised health alarms
# (one WARNING, one CRITICAL) give the alarm endpoints real content.
# Install first: tests/live/services/install.sh netdata
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../_lib.sh"

SVC=netdata BIN=netdata PORT=18160
LOG=$SVC_ROOT/logs/$SVC.log
URL=http://127.0.0.1:$PORT

command -v $BIN >/dev/null || { echo "$BIN not installed; run tests/live/services/install.sh netdata" >&2; exit 1; }
already_running $SVC $BIN $PORT && exit 0

D=$SVC_ROOT/data/netdata
mkdir -p "$D"/{etc/health.d,cache,lib,log,run}
# The daemon skips its anonymous-statistics call when this file is in its config directory; the
# statistics script itself also honours DO_NOT_TRACK / DISABLE_TELEMETRY (set below). Debian's build
# has Netdata Cloud (ACLK) compiled out, the registry is off, and StatsD (which would listen on
# 8125 TCP+UDP on all addresses) is off: the web server on 127.0.0.1:$PORT is the only listener.
touch "$D/etc/.opt-out-from-anonymous-statistics"
cat > "$D/netdata.conf" <<CONF
[global]
	run as user = root
	memory mode = ram
	history = 600
	update every = 1
	debug log = $D/log/debug.log
	error log = $D/log/error.log
	access log = none
[directories]
	config = $D/etc
	cache = $D/cache
	lib = $D/lib
	log = $D/log
	lock = $D/run
[web]
	bind to = 127.0.0.1:$PORT
	mode = static-threaded
[plugins]
	apps = yes
	nfacct = no
	cups = no
	charts.d = no
	fping = no
	ioping = no
	python.d = no
	go.d = no
	cgroups = no
	ebpf = no
	perf = no
	slabinfo = no
	freeipmi = no
	tc = no
[ml]
	enabled = no
[health]
	enabled = yes
	script to execute on alarm = /bin/true
[registry]
	enabled = no
[statsd]
	enabled = no
CONF
cat > "$D/etc/health.d/tilewire.conf" <<'CONF'
# Always raised (uptime is never negative): active alarms for Tilewire's live tests.
 alarm: tilewire_test_warning
    on: system.uptime
lookup: max -10s unaligned of uptime
 units: seconds
 every: 10s
  warn: $this >= 0
  info: always WARNING, so that the alarm list has content
 alarm: tilewire_test_critical
    on: system.uptime
lookup: max -10s unaligned of uptime
 units: seconds
 every: 10s
  crit: $this >= 0
  info: always CRITICAL, so that the alarm list has content
CONF

# -D: stay in the foreground, so $! is the daemon itself (its plugins are its children).
DO_NOT_TRACK=1 DISABLE_TELEMETRY=1 nohup $BIN -D -c "$D/netdata.conf" -u root \
  -i 127.0.0.1 -p $PORT >> "$LOG" 2>&1 < /dev/null &
echo $! > "$SVC_ROOT/pids/$SVC.pid"
echo "$SVC started (pid $!), log $LOG"

wait_http "$URL/api/v1/info" 200 30 "$LOG"
echo "$SVC ready on $URL"
