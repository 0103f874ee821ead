#!/bin/bash
# Install SABnzbd (sabnzbdplus, Debian contrib; it depends on unrar from non-free), idempotently.
# The machine's apt sources may enable only `main`: apt here reads a private copy of them with
# contrib and non-free added, and private package lists, so the system's apt config is untouched.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../_lib.sh"

dpkg -s sabnzbdplus unrar >/dev/null 2>&1 && exit 0

A=$SVC_ROOT/apt
mkdir -p "$A/sources.list.d" "$A/lists/partial"
rm -f "$A/sources.list.d/"*
# deb822 files: add the components to every Components line; one-line files: to every deb line.
for f in /etc/apt/sources.list.d/*.sources; do
  [ -f "$f" ] || continue
  sed -E '/^Components:/{/ contrib( |$)/!s/$/ contrib/; / non-free( |$)/!s/$/ non-free/}' "$f" \
    > "$A/sources.list.d/$(basename "$f")"
done
for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
  [ -f "$f" ] || continue
  sed -E '/^deb /{/ contrib( |$)/!s/$/ contrib/; / non-free( |$)/!s/$/ non-free/}' "$f" \
    > "$A/sources.list.d/private-$(basename "$f" .list).list"
done
cat > "$A/apt.conf" <<CONF
Dir::Etc::SourceList "/dev/null";
Dir::Etc::SourceParts "$A/sources.list.d";
Dir::State::Lists "$A/lists";
DPkg::Lock::Timeout "300";
CONF
# apt_install refreshes the (private) lists when the package is unknown to them.
export APT_CONFIG=$A/apt.conf
apt_install sabnzbdplus unrar
