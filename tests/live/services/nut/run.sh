#!/bin/bash
# NUT 2.8.0 (Debian bookworm): upsd on 127.0.0.1:18200 serving one UPS, "dummy", from the
# dummy-ups driver reading $SVC_ROOT/data/nut/etc/dummy.dev (the live test's expected values).
# User admin / adminpass123 (upsmon secondary: may LOGIN) for the credential checks. Both run
# as the package's user nut (upsd refuses root); the driver is upsd's child, so stop.sh ends both.
# Config, state and sockets live under $SVC_ROOT/data/nut, not /etc/nut or /run/nut.
# Install first: tests/live/services/install.sh nut
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../_lib.sh"

SVC=nut BIN=upsd PORT=18200
# /usr/sbin/upsd is a wrapper that exits unless /etc/nut/nut.conf enables NUT: run the daemon.
DAEMON=/lib/nut/upsd
USER=admin PASS=adminpass123
LOG=$SVC_ROOT/logs/$SVC.log
DRIVER=/lib/nut/dummy-ups

[ -x $DAEMON ] || { echo "$BIN not installed; run tests/live/services/install.sh nut" >&2; exit 1; }
[ -x $DRIVER ] || { echo "$DRIVER not installed; run tests/live/services/install.sh nut" >&2; exit 1; }
already_running $SVC $BIN $PORT && exit 0

D=$SVC_ROOT/data/nut
mkdir -p "$D/etc" "$D/state"
cat > "$D/etc/ups.conf" <<CONF
[dummy]
  driver = dummy-ups
  port = dummy.dev
  desc = "Tilewire test UPS"
CONF
cat > "$D/etc/upsd.conf" <<CONF
LISTEN 127.0.0.1 $PORT
MAXAGE 30
CONF
cat > "$D/etc/upsd.users" <<CONF
[$USER]
  password = $PASS
  upsmon secondary
CONF
# Values the live test compares with upsc's; dummy-ups serves them as they are.
cat > "$D/etc/dummy.dev" <<CONF
device.mfr: Tilewire
device.model: Dummy 1500
ups.mfr: Tilewire
ups.model: Dummy 1500
ups.status: OL CHRG
ups.load: 23
battery.charge: 87
battery.runtime: 1520
battery.voltage: 13.4
input.voltage: 231.4
output.voltage: 230.0
ups.realpower.nominal: 900
CONF
chown -R root:nut "$D/etc" && chmod 0750 "$D/etc" && chmod 0640 "$D/etc"/*
chown nut:nut "$D/state" && chmod 0770 "$D/state"

export NUT_CONFPATH="$D/etc" NUT_STATEPATH="$D/state" NUT_ALTPIDPATH="$D/state"
# The driver first (in the background of the shell that then becomes upsd), in the foreground
# mode of each (-F) so that nothing forks away from the recorded pid.
nohup bash -c "$DRIVER -a dummy -u nut -F & sleep 1; exec $DAEMON -F -u nut" >> "$LOG" 2>&1 &
echo $! > "$SVC_ROOT/pids/$SVC.pid"
echo "$SVC started (pid $!), log $LOG"

for _ in $(seq 1 150); do
  # ready when the driver has published the .dev file (upsd says WAIT until then)
  status=$(upsc dummy@127.0.0.1:$PORT ups.status 2>/dev/null || true)
  if [ -n "$status" ] && [ "$status" != WAIT ]; then
    echo "$SVC ready on 127.0.0.1:$PORT"; exit 0
  fi
  sleep 0.2
done
echo "timeout after 30s waiting for upsd on 127.0.0.1:$PORT; tail of $LOG:" >&2
tail -n 20 "$LOG" >&2 || true
exit 1
