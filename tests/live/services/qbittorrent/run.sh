#!/bin/bash
# qBittorrent-nox 4.5.2 (Debian bookworm): WebUI 127.0.0.1:18110, BitTorrent 127.0.0.1:18111,
# WebUI login admin / adminpass123. Seeds $SVC_ROOT/data/test.torrent so torrent lists have content.
# Install first: tests/live/services/install.sh qbittorrent
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../_lib.sh"

SVC=qbittorrent BIN=qbittorrent-nox PORT=18110 BT_PORT=18111
USER=admin PASS=adminpass123
LOG=$SVC_ROOT/logs/$SVC.log
URL=http://127.0.0.1:$PORT

command -v $BIN >/dev/null || { echo "$BIN not installed; run tests/live/services/install.sh qbittorrent" >&2; exit 1; }
already_running $SVC $BIN $PORT && exit 0

D=$SVC_ROOT/data/qbittorrent
mkdir -p "$D/qBittorrent/config" "$D/downloads"
# PBKDF2-HMAC-SHA512, 100000 rounds, 16-byte salt, 64-byte key (the format qBittorrent 4.2+ stores).
HASH=$(python3 -c 'import hashlib,base64,os,sys;s=os.urandom(16);k=hashlib.pbkdf2_hmac("sha512",sys.argv[1].encode(),s,100000,64);print(f"@ByteArray({base64.b64encode(s).decode()}:{base64.b64encode(k).decode()})")' "$PASS")
# 4.5.x asks for the legal notice interactively unless it is pre-accepted; bind BT to loopback and
# switch off DHT/LSD/PeX/UPnP so nothing leaves 127.0.0.1. MaxAuthenticationFailCount=0 turns off the
# IP ban (default: 5 wrong passwords ban 127.0.0.1 for an hour, which would break every later test).
cat > "$D/qBittorrent/config/qBittorrent.conf" <<CONF
[LegalNotice]
Accepted=true

[BitTorrent]
Session\Port=$BT_PORT
Session\Interface=lo
Session\InterfaceName=lo
Session\InterfaceAddress=127.0.0.1
Session\DHTEnabled=false
Session\LSDEnabled=false
Session\PeXEnabled=false
Session\DefaultSavePath=$D/downloads

[Network]
PortForwardingEnabled=false

[Preferences]
WebUI\Address=127.0.0.1
WebUI\Port=$PORT
WebUI\Username=$USER
WebUI\Password_PBKDF2="$HASH"
WebUI\UseUPnP=false
WebUI\MaxAuthenticationFailCount=0
CONF

nohup $BIN --profile="$D" --webui-port=$PORT >> "$LOG" 2>&1 &
echo $! > "$SVC_ROOT/pids/$SVC.pid"
echo "$SVC started (pid $!), log $LOG"

wait_http "$URL/api/v2/app/version" '200|403' 30 "$LOG"

# Seed the test torrent (already present after a restart: the profile keeps it).
ensure_test_torrent
INFOHASH=$(cat "$TEST_TORRENT.hash")
CJ=$(mktemp); trap 'rm -f "$CJ"' EXIT
login=$(curl -s -m 5 -c "$CJ" --data-urlencode "username=$USER" --data-urlencode "password=$PASS" "$URL/api/v2/auth/login")
[ "$login" = "Ok." ] || { echo "$SVC: login failed: $login" >&2; exit 1; }
if ! curl -s -m 5 -b "$CJ" "$URL/api/v2/torrents/info?hashes=$INFOHASH" | grep -q "$INFOHASH"; then
  added=$(curl -s -m 10 -b "$CJ" -F "torrents=@$TEST_TORRENT" -F "savepath=$TEST_PAYLOAD_DIR" "$URL/api/v2/torrents/add")
  [ "$added" = "Ok." ] || { echo "$SVC: torrents/add failed: $added" >&2; exit 1; }
fi
# Wait (bounded) until the local payload is verified, so the list shows a complete, seeding torrent.
for _ in $(seq 1 50); do
  curl -s -m 5 -b "$CJ" "$URL/api/v2/torrents/info?hashes=$INFOHASH" | grep -qE '"progress":1[,}]' && break
  sleep 0.2
done
echo "$SVC ready on $URL (seeded torrent $INFOHASH)"
