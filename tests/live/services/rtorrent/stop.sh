#!/bin/bash
# Stops what run.sh started: lighttpd (pid file rtorrent-lighttpd) first, then rtorrent (pid file
# rtorrent), each SIGTERM, waited for up to 10 s, then SIGKILL. rTorrent saves its session and
# tells the (dead) tracker it stops, which takes a few seconds. tests/live/services/stop.sh
# rtorrent runs this.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../_lib.sh"

stop_recorded rtorrent-lighttpd lighttpd
stop_recorded rtorrent rtorrent
rm -f "$SVC_ROOT/data/rtorrent/rpc.socket"   # rTorrent leaves its SCGI socket behind
