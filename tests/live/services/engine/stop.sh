#!/bin/bash
# Stops what run.sh started: the healthcheck ticker and the engine, by the PIDs in
# $SVC_ROOT/pids/engine*.pid, after stopping+removing the containers of this isolated store
# (so no conmon/container processes or shm mounts are left). tests/live/services/stop.sh
# engine runs this. TW_PURGE=1 also deletes $ENGINE_ROOT (images included).
set -uo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$HERE/../_lib.sh"
source "$HERE/engine-env.sh"
log() { echo "stop.sh: $*"; }

stop_pid() { # pidfile name
  local pf="$1" name="$2" pid i
  [ -s "$pf" ] || { log "$name: no pid file"; return 0; }
  pid="$(cat "$pf")"
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null
    for i in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null; log "$name ($pid) killed"; else log "$name ($pid) stopped"; fi
  else
    log "$name ($pid) not running"
  fi
  rm -f "$pf"
}

stop_pid "$ENGINE_HC_PIDFILE" "healthcheck ticker"
if [ -f "$CONTAINERS_CONF" ] && [ -d "$ENGINE_ROOT/storage" ]; then
  # isolated store: these are only containers created against this engine
  timeout 120 podman rm -a -f -t 2 >/dev/null 2>&1 || log "warning: podman rm -a failed"
fi
stop_pid "$ENGINE_PIDFILE" "engine"
# conmon processes of exec sessions started through the API linger for
# --exit-delay 300s after the exec finishes; end those of *this* store only,
# one PID at a time (matched by exe = conmon and "$ENGINE_ROOT/storage/" in argv).
for d in /proc/[0-9]*; do
  [ "$(readlink "$d/exe" 2>/dev/null)" = "$(command -v conmon)" ] || continue
  grep -qzF -- "$ENGINE_ROOT/storage/" "$d/cmdline" 2>/dev/null || continue
  pid="${d#/proc/}"; kill -TERM "$pid" 2>/dev/null && { log "ended leftover conmon $pid"; left="${left:-} $pid"; }
done
# let them (and the "podman container cleanup" exit command they run) finish
for i in $(seq 1 50); do
  alive=0; for pid in ${left:-}; do kill -0 "$pid" 2>/dev/null && alive=1; done
  [ "$alive" = 0 ] && break; sleep 0.1
done
[ -n "${left:-}" ] && sleep 1
rm -f "$ENGINE_SOCK"
if [ "${TW_PURGE:-0}" = 1 ]; then
  if findmnt -rn -o TARGET | grep -q "^$ENGINE_ROOT/"; then
    log "mounts still present under $ENGINE_ROOT, not purging"; exit 1
  fi
  rm -rf "$ENGINE_ROOT"; log "purged $ENGINE_ROOT"
fi
