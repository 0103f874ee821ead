# Shared helpers for tests/live/services/*.sh (sourced, not run).
# Every service listens on 127.0.0.1 only; state lives under $SVC_ROOT (default /tmp/tilewire-svc).
export SVC_ROOT="${SVC_ROOT:-/tmp/tilewire-svc}"
SERVICES_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
mkdir -p "$SVC_ROOT/data" "$SVC_ROOT/logs" "$SVC_ROOT/pids"

# alive PID: the process exists and is not a zombie (PID 1 here may not reap orphans).
alive() {
  local st
  st=$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) || return 1
  [ -n "$st" ] && [ "$st" != Z ] && [ "$st" != X ]
}

# pid_of SVC: print the recorded pid if that process is alive and still runs the service binary.
pid_of() {
  local svc=$1 bin=${2:-} pidfile="$SVC_ROOT/pids/$1.pid" pid
  [ -s "$pidfile" ] || return 1
  pid=$(cat "$pidfile")
  [[ $pid =~ ^[0-9]+$ ]] && alive "$pid" || return 1
  if [ -n "$bin" ] && ! tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -q -- "$bin"; then
    return 1   # pid was reused by something else
  fi
  echo "$pid"
}

# port_open PORT: true when something accepts TCP connections on 127.0.0.1:PORT.
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# http_code URL [curl args...]: print the HTTP status (000 when nothing answers).
http_code() { local url=$1; shift; curl -s -o /dev/null -m 2 -w '%{http_code}' "$@" "$url" || true; }

# wait_http URL CODE_REGEX TIMEOUT_S LOGFILE: poll until the status matches; on timeout print the log tail.
wait_http() {
  local url=$1 want=$2 timeout=$3 log=$4 end=$((SECONDS + $3)) code=000
  while [ $SECONDS -lt $end ]; do
    code=$(http_code "$url")
    if [[ $code =~ ^($want)$ ]]; then return 0; fi
    sleep 0.2
  done
  echo "timeout after ${timeout}s waiting for $url (last HTTP $code); tail of $log:" >&2
  tail -n 20 "$log" >&2 || true
  return 1
}

# already_running SVC BIN PORT: exit 0 from the caller if our instance runs; fail if a stranger holds the port.
already_running() {
  local svc=$1 bin=$2 port=$3 pid
  if pid=$(pid_of "$svc" "$bin"); then
    echo "$svc already running (pid $pid)"
    return 0
  fi
  if port_open "$port"; then
    echo "$svc: port 127.0.0.1:$port is taken by a process not recorded in $SVC_ROOT/pids/$svc.pid" >&2
    exit 1
  fi
  return 1
}

# stop_recorded NAME BIN: SIGTERM the pid recorded in $SVC_ROOT/pids/NAME.pid (if it still runs BIN)
# and its direct children, wait up to 10 s, then SIGKILL; the pid file is removed.
stop_recorded() {
  local name=$1 bin=$2 pidfile="$SVC_ROOT/pids/$1.pid" pid children
  if ! pid=$(pid_of "$name" "$bin"); then
    echo "$name not running"; rm -f "$pidfile"; return 0
  fi
  children=$(pgrep -P "$pid" || true)
  kill -TERM "$pid" $children 2>/dev/null || true
  for _ in $(seq 1 50); do alive "$pid" || break; sleep 0.2; done
  if alive "$pid"; then
    echo "$name (pid $pid) ignored SIGTERM for 10 s; SIGKILL" >&2
    kill -KILL "$pid" $children 2>/dev/null || true
    for _ in $(seq 1 25); do alive "$pid" || break; sleep 0.2; done
  fi
  rm -f "$pidfile"
  echo "$name stopped (pid $pid)"
}

# ensure_test_torrent: a deterministic 200000-byte payload and a private single-file torrent for it
# (dead loopback tracker), shared by the qBittorrent, Transmission, Deluge and rTorrent tests (each
# seeds it from TEST_PAYLOAD_DIR; TEST_TORRENT.hash holds its info hash).
TEST_PAYLOAD_DIR="$SVC_ROOT/data/payload"
TEST_TORRENT="$SVC_ROOT/data/test.torrent"
ensure_test_torrent() {
  mkdir -p "$TEST_PAYLOAD_DIR"
  if [ ! -s "$TEST_PAYLOAD_DIR/testfile.bin" ]; then
    python3 -c 'import sys; open(sys.argv[1], "wb").write(bytes(i * 7 % 251 for i in range(200000)))' \
      "$TEST_PAYLOAD_DIR/testfile.bin"
  fi
  if [ ! -s "$TEST_TORRENT" ]; then
    python3 "$SERVICES_DIR/tools/mktorrent.py" "$TEST_PAYLOAD_DIR/testfile.bin" "$TEST_TORRENT" > "$TEST_TORRENT.hash"
  fi
}

# --- installing (used by <svc>/install.sh) -------------------------------------------------

# apt_install PKG...: install Debian packages that are missing (--no-install-recommends), with
# daemons kept from auto-starting on their default public ports; `apt-get update` at most once.
apt_install() {
  local want=() p
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || want+=("$p"); done
  [ ${#want[@]} -eq 0 ] && return 0
  [ "$(id -u)" = 0 ] || { echo "need root to install ${want[*]}" >&2; return 1; }
  if [ ! -x /usr/sbin/policy-rc.d ] || ! grep -q 'exit 101' /usr/sbin/policy-rc.d; then
    [ -e /usr/sbin/policy-rc.d ] && cp /usr/sbin/policy-rc.d /usr/sbin/policy-rc.d.tilewire-bak
    printf '#!/bin/sh\n# tilewire tests/live/services: never start daemons on install\nexit 101\n' > /usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
  fi
  export DEBIAN_FRONTEND=noninteractive
  local updated=0
  for p in "${want[@]}"; do
    if ! apt-cache show "$p" >/dev/null 2>&1; then apt-get update -qq; updated=1; break; fi
  done
  echo "installing ${want[*]}"
  if ! apt-get install -y -qq -o DPkg::Lock::Timeout=300 --no-install-recommends "${want[@]}" >/dev/null; then
    [ $updated -eq 0 ] || return 1   # stale package lists are the usual cause: refresh once
    apt-get update -qq
    apt-get install -y -qq -o DPkg::Lock::Timeout=300 --no-install-recommends "${want[@]}" >/dev/null
  fi
}

# pip_venv_install NAME SPEC...: a virtualenv of its own in $SVC_ROOT/venvs/NAME with SPECs
# installed (skipped when its marker says the same SPECs are installed).
pip_venv_install() {
  local name=$1; shift
  local venv="$SVC_ROOT/venvs/$name" marker="$SVC_ROOT/venvs/$name/.tilewire-specs"
  if [ -f "$marker" ] && [ "$(cat "$marker")" = "$*" ]; then return 0; fi
  rm -rf "$venv"
  python3 -m venv "$venv"
  echo "installing $* into $venv"
  "$venv/bin/pip" install -q --disable-pip-version-check "$@"
  echo "$*" > "$marker"
}

# npm_prefix_install NAME SPEC...: npm packages installed under $SVC_ROOT/npm/NAME.
npm_prefix_install() {
  local name=$1; shift
  local prefix="$SVC_ROOT/npm/$name" marker="$SVC_ROOT/npm/$name/.tilewire-specs"
  if [ -f "$marker" ] && [ "$(cat "$marker")" = "$*" ]; then return 0; fi
  mkdir -p "$prefix"
  echo "installing $* into $prefix"
  npm install --prefix "$prefix" --no-audit --no-fund --loglevel=error "$@" >/dev/null
  echo "$*" > "$marker"
}

# services: every service folder (one with a service.env)
services() { local d; for d in "$SERVICES_DIR"/*/service.env; do basename "$(dirname "$d")"; done; }
