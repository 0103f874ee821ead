#!/bin/bash
# Stop live-test services started by run/<svc>.sh: SIGTERM the recorded pid and its direct
# children, wait up to 10 s, then SIGKILL; a service with a stop.sh of its own is stopped by
# that.   usage: stop.sh SVC... | all
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/_lib.sh"

[ $# -ge 1 ] || { echo "usage: $0 {$(services | tr '\n' '|')all}..." >&2; exit 2; }

svcs=()
for s in "$@"; do
  if [ "$s" = all ]; then mapfile -t -O "${#svcs[@]}" svcs < <(services); continue; fi
  [ -f "$SERVICES_DIR/$s/service.env" ] || { echo "unknown service: $s" >&2; exit 2; }
  svcs+=("$s")
done

for svc in "${svcs[@]}"; do
  if [ -f "$SERVICES_DIR/$svc/stop.sh" ]; then   # a service with more than one process to end
    bash "$SERVICES_DIR/$svc/stop.sh"; continue
  fi
  pidfile=$SVC_ROOT/pids/$svc.pid
  BIN=$( . "$SERVICES_DIR/$svc/service.env"; echo "$BIN" )
  if ! pid=$(pid_of "$svc" "$BIN"); then
    echo "$svc not running"; rm -f "$pidfile"; continue
  fi
  children=$(pgrep -P "$pid" || true)
  kill -TERM "$pid" $children 2>/dev/null || true
  for _ in $(seq 1 50); do alive "$pid" || break; sleep 0.2; done
  if alive "$pid"; then
    echo "$svc (pid $pid) ignored SIGTERM for 10 s; SIGKILL" >&2
    kill -KILL "$pid" $children 2>/dev/null || true
    for _ in $(seq 1 25); do alive "$pid" || break; sleep 0.2; done
  fi
  rm -f "$pidfile"
  echo "$svc stopped (pid $pid)"
done
