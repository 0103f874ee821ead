#!/bin/bash
# Install what the live tests' services need: install.sh SVC... | all
# Each service folder has install.sh (idempotent: fast when everything is there already).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/_lib.sh"
[ $# -ge 1 ] || { echo "usage: $0 {$(services | tr '\n' '|')all}..." >&2; exit 2; }
svcs=()
for s in "$@"; do
  if [ "$s" = all ]; then mapfile -t -O "${#svcs[@]}" svcs < <(services); continue; fi
  [ -f "$SERVICES_DIR/$s/service.env" ] || { echo "unknown service: $s" >&2; exit 2; }
  svcs+=("$s")
done
# what the run scripts use themselves
apt_install curl procps
for s in "${svcs[@]}"; do
  started=$SECONDS
  bash "$SERVICES_DIR/$s/install.sh"
  echo "install.sh: $s ready to run ($((SECONDS - started)) s)"
done
