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
  BIN=$( . "$SERVICES_DIR/$svc/service.env"; echo "$BIN" )
  stop_recorded "$svc" "$BIN"
done
