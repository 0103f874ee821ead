#!/bin/bash
# Podman 4.3.1 (Debian bookworm) answering the Docker Engine API (v1.41) on
# unix://$SVC_ROOT/data/engine/engine.sock (no TCP port): starts it, makes sure the busybox test images exist
# (built locally, no registry), (re)creates the test containers:
#   tw-running  localhost/busybox:test   running  (sh loop, exits 0 on SIGTERM)
#   tw-exited   localhost/busybox:test   exited, exit code 3
#   tw-healthy  localhost/tw-health:test running, HEALTHCHECK from the image -> healthy
#   tw-unhealthy (unless TW_UNHEALTHY=0) same image, healthcheck fails -> unhealthy
# and starts a small healthcheck ticker (podman runs healthchecks from systemd
# timers; there is no systemd here).  PIDs: $SVC_ROOT/pids/engine.pid and
# $SVC_ROOT/pids/engine-healthcheck.pid.  All waits are bounded. Needs root.
# Install first: tests/live/services/install.sh engine
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$HERE/../_lib.sh"
source "$HERE/engine-env.sh"
ENGINE_WAIT_S="${ENGINE_WAIT_S:-30}"
HC_TICK_S="${HC_TICK_S:-3}"
T0=$(date +%s%N)
log() { echo "run.sh: $*"; }
die() { echo "run.sh: ERROR: $*" >&2; [ -f "$ENGINE_LOG" ] && tail -20 "$ENGINE_LOG" >&2; exit 1; }
p() { timeout 120 podman "$@"; }

for b in podman runc conmon curl; do command -v "$b" >/dev/null || die "$b not installed; run tests/live/services/install.sh engine"; done
[ "$(id -u)" = 0 ] || die "the engine needs root"
mkdir -p "$ENGINE_ROOT"

# Runtime state from a previous boot (runroot, libpod tmp_dir) is stale: drop it
# so podman refreshes its state instead of trusting dead PIDs.
BOOT_ID="$(cat /proc/sys/kernel/random/boot_id)"
if [ -f "$ENGINE_ROOT/boot_id" ] && [ "$(cat "$ENGINE_ROOT/boot_id")" != "$BOOT_ID" ]; then
  log "new boot detected, dropping stale runtime state"
  rm -rf "$ENGINE_ROOT/runroot" "$ENGINE_ROOT/libpod-tmp" "$ENGINE_SOCK"
fi
echo "$BOOT_ID" > "$ENGINE_ROOT/boot_id"

tw_write_config

# ---- engine (podman system service) ----------------------------------------
if tw_pid_alive "$ENGINE_PIDFILE" && tw_api_up; then
  log "engine already running (pid $(cat "$ENGINE_PIDFILE"))"
else
  if tw_pid_alive "$ENGINE_PIDFILE"; then die "pid $(cat "$ENGINE_PIDFILE") alive but API not answering; run stop.sh"; fi
  rm -f "$ENGINE_SOCK" "$ENGINE_PIDFILE"
  # --time=0: never exit on idle.  unix socket only, nothing on TCP.  From / : the engine and
  # the conmon of every container inherit its working directory, and runc cannot start a
  # container (500 "write child: broken pipe") once a checkout it was started from is gone.
  (cd / && exec setsid podman system service --time=0 "unix://$ENGINE_SOCK" >>"$ENGINE_LOG" 2>&1 </dev/null) &
  echo $! > "$ENGINE_PIDFILE"
  deadline=$(( $(date +%s) + ENGINE_WAIT_S ))
  until tw_api_up; do
    tw_pid_alive "$ENGINE_PIDFILE" || die "engine exited during startup"
    [ "$(date +%s)" -lt "$deadline" ] || die "API did not answer within ${ENGINE_WAIT_S}s"
    sleep 0.1
  done
  log "engine pid $(cat "$ENGINE_PIDFILE") answering on $ENGINE_SOCK after $(( ($(date +%s%N) - T0) / 1000000 )) ms"
fi

# ---- images (no registry: import busybox-static, build health image) --------
if ! p image exists "$TW_IMAGE"; then
  [ -x /bin/busybox ] || die "/bin/busybox missing (apt-get install busybox-static)"
  B="$ENGINE_ROOT/build/rootfs"; rm -rf "$B"; mkdir -p "$B/bin" "$B/tmp" "$B/etc" "$B/proc" "$B/sys" "$B/dev"
  cp /bin/busybox "$B/bin/busybox"
  for a in $(/bin/busybox --list); do [ "$a" = busybox ] || ln -sf busybox "$B/bin/$a"; done
  echo 'root:x:0:0:root:/root:/bin/sh' > "$B/etc/passwd"; echo 'root:x:0:' > "$B/etc/group"
  tar --numeric-owner -C "$B" -cf "$ENGINE_ROOT/build/busybox.tar" .
  p import -q --change 'CMD ["/bin/sh"]' "$ENGINE_ROOT/build/busybox.tar" "$TW_IMAGE" >/dev/null
  log "imported $TW_IMAGE"
fi
if ! p image exists "$TW_HEALTH_IMAGE"; then
  mkdir -p "$ENGINE_ROOT/build/health"
  cat > "$ENGINE_ROOT/build/health/Dockerfile" <<DOCKERFILE
FROM $TW_IMAGE
HEALTHCHECK --interval=3s --timeout=2s --start-period=1s --retries=2 CMD ["/bin/sh", "-c", "test -f /tmp/healthy"]
CMD ["/bin/sh", "-c", "touch /tmp/healthy; trap 'exit 0' TERM; while :; do sleep 1 & wait \$!; done"]
DOCKERFILE
  # --format docker: the OCI image format has no HEALTHCHECK field.
  p build -q --format docker --pull=never -t "$TW_HEALTH_IMAGE" "$ENGINE_ROOT/build/health" >/dev/null
  log "built $TW_HEALTH_IMAGE"
fi

# ---- test containers (recreated every run for a deterministic state) --------
NAMES="tw-running tw-exited tw-healthy tw-unhealthy"
p rm -f -i -t 1 $NAMES >/dev/null 2>&1 || true
L="--label tw.test=1 --network none"
# PID 1 ignores SIGTERM unless it traps it: without the trap every stop/restart
# would wait the full timeout (Docker API default t=10) and exit 137.
LOOP='trap "exit 0" TERM; while :; do sleep 1 & wait $!; done'
p run -d --name tw-running $L "$TW_IMAGE" sh -c "$LOOP" >/dev/null
p run -d --name tw-exited $L "$TW_IMAGE" sh -c 'echo bye; exit 3' >/dev/null
rc=$(p wait tw-exited) || die "podman wait tw-exited failed"
[ "$rc" = 3 ] || die "tw-exited exit code $rc, expected 3"
p run -d --name tw-healthy $L "$TW_HEALTH_IMAGE" >/dev/null 2>>"$ENGINE_ROOT/podman-cli.log"
if [ "${TW_UNHEALTHY:-1}" = 1 ]; then
  # same healthcheck, but the marker file is never created
  p run -d --name tw-unhealthy $L "$TW_HEALTH_IMAGE" sh -c "$LOOP" >/dev/null 2>>"$ENGINE_ROOT/podman-cli.log"
fi

# ---- healthcheck ticker (replaces podman's systemd timers) ------------------
if ! tw_pid_alive "$ENGINE_HC_PIDFILE"; then
  ENGINE_PID="$(cat "$ENGINE_PIDFILE")"
  cd /
  setsid bash -c '
    while kill -0 '"$ENGINE_PID"' 2>/dev/null; do
      # running containers that have a healthcheck (filters on one key are ORed)
      for id in $(timeout 30 podman ps -q --filter health=starting \
                    --filter health=healthy --filter health=unhealthy 2>/dev/null); do
        timeout 30 podman healthcheck run "$id" >/dev/null 2>&1 || true
      done
      sleep '"$HC_TICK_S"'
    done' >>"$ENGINE_ROOT/healthcheck.log" 2>&1 </dev/null &
  echo $! > "$ENGINE_HC_PIDFILE"
fi

# ---- wait for the health states to settle (bounded) -------------------------
want_healthy() { [ "$(p inspect -f '{{.State.Health.Status}}' "$1" 2>/dev/null)" = "$2" ]; }
deadline=$(( $(date +%s) + 30 ))
until want_healthy tw-healthy healthy && { [ "${TW_UNHEALTHY:-1}" != 1 ] || want_healthy tw-unhealthy unhealthy; }; do
  [ "$(date +%s)" -lt "$deadline" ] || die "health states did not settle within 30s"
  sleep 0.5
  for c in tw-healthy tw-unhealthy; do p healthcheck run "$c" >/dev/null 2>&1 || true; done
done

curl -sf --max-time 10 --unix-socket "$ENGINE_SOCK" "$ENGINE_API/containers/json?all=1" >/dev/null || die "containers/json failed"
cat > "$ENGINE_ROOT/engine.env" <<ENV
DOCKER_HOST=$DOCKER_HOST
CONTAINERS_CONF=$CONTAINERS_CONF
CONTAINERS_STORAGE_CONF=$CONTAINERS_STORAGE_CONF
ENV
log "ready in $(( ($(date +%s%N) - T0) / 1000000 )) ms: DOCKER_HOST=$DOCKER_HOST (engine pid $(cat "$ENGINE_PIDFILE"), healthcheck ticker pid $(cat "$ENGINE_HC_PIDFILE"))"
p ps -a --format '{{.Names}}\t{{.Status}}'
