#!/bin/bash
# Idempotent: installs the Debian bookworm packages for a podman-based Docker Engine API
# endpoint and writes its config under $ENGINE_ROOT/conf. Needs root and the Debian package
# mirror only (no image registry). Other installs may hold the dpkg lock: retried (bounded).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$HERE/../_lib.sh"
source "$HERE/engine-env.sh"

# podman 4.3.1 (+ conmon, containers-common), runc 1.1.5 (crun cannot do hybrid
# cgroups), busybox-static (the only image content), curl (readiness probe).
PKGS="podman runc conmon busybox-static curl"
for attempt in 1 2 3 4 5 6; do
  apt_install $PKGS && break
  [ $attempt -lt 6 ] || exit 1
  echo "apt_install $PKGS failed (attempt $attempt; dpkg lock held?); retrying in 10 s" >&2
  sleep 10
done

for b in podman runc conmon curl /bin/busybox; do
  command -v "$b" >/dev/null || { echo "install.sh: $b missing after install" >&2; exit 1; }
done
/bin/busybox --list >/dev/null || { echo "install.sh: /bin/busybox is not usable" >&2; exit 1; }

tw_write_config
echo "install.sh: config written to $ENGINE_ROOT/conf (nofile=$TW_ULIMIT_NOFILE nproc=$TW_ULIMIT_NPROC driver=$TW_STORAGE_DRIVER)"

# Informational checks (the recipe is built around these facts).
bnd="$(awk '/^CapBnd/{print $2}' /proc/self/status)"
[ $(( (0x$bnd >> 24) & 1 )) = 1 ] \
  || echo "install.sh: note: CAP_SYS_RESOURCE not in bounding set -> container rlimits must stay <= current hard limits (handled by config)"
mount | grep -q ' /sys/fs/cgroup/unified type cgroup2' \
  && echo "install.sh: note: hybrid cgroups (v1 + unified) -> runtime=runc, cgroup_manager=cgroupfs (handled by config)"
podman --version; runc --version | head -1
