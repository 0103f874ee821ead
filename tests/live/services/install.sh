#!/bin/bash
# Install the Debian packages for the live-test services named on the command line.
#   usage: tests/live/services/install.sh qbittorrent transmission prometheus   (or: all)
# Idempotent: a service whose binary is already on PATH is skipped, and `apt-get update`
# runs at most once, only when a package has no install candidate or the install fails.
set -euo pipefail

usage() { echo "usage: $0 {qbittorrent|transmission|prometheus|all}..." >&2; exit 2; }
[ $# -ge 1 ] || usage

declare -A PKG=([qbittorrent]=qbittorrent-nox [transmission]=transmission-daemon [prometheus]=prometheus)
declare -A BIN=([qbittorrent]=qbittorrent-nox [transmission]=transmission-daemon [prometheus]=prometheus)

svcs=()
for s in "$@"; do
  if [ "$s" = all ]; then svcs+=(qbittorrent transmission prometheus); continue; fi
  [ -n "${PKG[$s]:-}" ] || { echo "unknown service: $s" >&2; usage; }
  svcs+=("$s")
done

want=()
for s in "${svcs[@]}"; do
  command -v "${BIN[$s]}" >/dev/null 2>&1 || want+=("${PKG[$s]}")
done
# The run scripts use curl (qBittorrent seeding) and python3 (password hash, torrent maker).
command -v curl >/dev/null 2>&1 || want+=(curl)
command -v python3 >/dev/null 2>&1 || want+=(python3)
command -v pgrep >/dev/null 2>&1 || want+=(procps)

if [ ${#want[@]} -eq 0 ]; then
  echo "install.sh: already installed: ${svcs[*]}"
  exit 0
fi

[ "$(id -u)" = 0 ] || { echo "install.sh: need root to install ${want[*]}" >&2; exit 1; }

# Debian daemons must not auto-start on their default (public) ports when installed.
if [ ! -x /usr/sbin/policy-rc.d ] || ! grep -q 'exit 101' /usr/sbin/policy-rc.d; then
  if [ -e /usr/sbin/policy-rc.d ]; then cp /usr/sbin/policy-rc.d /usr/sbin/policy-rc.d.tilewire-bak; fi
  printf '#!/bin/sh\n# added by tilewire tests/live/services/install.sh: never start daemons on install\nexit 101\n' > /usr/sbin/policy-rc.d
  chmod 755 /usr/sbin/policy-rc.d
fi

export DEBIAN_FRONTEND=noninteractive
updated=0
apt_update_once() {
  if [ $updated -eq 0 ]; then apt-get update -qq; updated=1; fi
}
for p in "${want[@]}"; do
  if ! apt-cache show "$p" >/dev/null 2>&1; then apt_update_once; break; fi
done

install() { apt-get install -y -qq --no-install-recommends "${want[@]}"; }
echo "install.sh: installing ${want[*]}"
if ! install; then
  # stale package lists (404 on download) are the usual cause: refresh once and retry
  [ $updated -eq 0 ] || exit 1
  apt_update_once
  install
fi

for s in "${svcs[@]}"; do
  command -v "${BIN[$s]}" >/dev/null 2>&1 || { echo "install.sh: ${BIN[$s]} still missing" >&2; exit 1; }
done
echo "install.sh: installed: ${svcs[*]}"
