"""Re-record the rTorrent fixtures of the actions and the connection test from the real rTorrent
on loopback (tests/live/services/rtorrent/run.sh: rTorrent behind lighttpd's SCGI mount, basic
auth), seeding the shared test torrent.

The torrent list and rates fixtures (multicall, down_rate, ...) are written from the command
reference instead: five torrents in five states cannot be made here. Each action recorded is
undone: the test torrent is left seeding.

usage (from the repository root, after tests/live/services/install.sh rtorrent):
    .venv/bin/python tests/integrations/rtorrent/record.py
"""

from __future__ import annotations

import base64
import sys
import time
import xmlrpc.client
from pathlib import Path
from typing import Any

import httpx
import pytest

if __package__ in (None, ""):  # run as a file path: make the repository root importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from tests.live.recorder import TODAY, Recorder, debian_version
from tests.live.services import TEST_TORRENT, ensure_service

UNKNOWN = "0123456789ABCDEF0123456789ABCDEF01234567"
LOOKUP = ["d.name", "d.state", "d.is_active", "d.hashing"]
SETTLE_S = 5.0


def calls(*pairs: tuple[str, str]) -> list[dict[str, Any]]:
    return [{"methodName": method, "params": [target]} for method, target in pairs]


class RTorrent:
    """Raw XML-RPC calls through lighttpd that record what they are told to."""

    def __init__(self, url: str, auth: tuple[str, str], rec: Recorder) -> None:
        self.url = f"{url}/RPC2"
        self.auth = auth
        self.rec = rec
        self.http = httpx.Client(timeout=10.0, trust_env=False)

    def post(self, method: str, params: tuple[Any, ...], auth: tuple[str, str]) -> httpx.Response:
        return self.http.post(
            self.url,
            content=xmlrpc.client.dumps(params, method),
            auth=auth,
            headers={"Content-Type": "text/xml"},
        )

    def __call__(self, method: str, *params: Any, name: str | None = None) -> Any:
        response = self.post(method, params, self.auth).raise_for_status()
        if name is not None:
            basic = base64.b64encode(":".join(self.auth).encode()).decode()
            self.rec.record(
                name,
                response,
                request_headers={"authorization": f"Basic {basic}"},
                request_body={"methodName": method, "params": list(params)},
            )
        (result,), _ = xmlrpc.client.loads(response.content)
        return result

    def until(self, torrent_hash: str, state: int, active: int) -> None:
        """Wait (bounded) until rTorrent reports the torrent in this d.state / d.is_active."""
        for _ in range(int(SETTLE_S / 0.1)):
            now = [
                v[0]
                for v in self(
                    "system.multicall",
                    calls(*[(m, torrent_hash) for m in ("d.state", "d.is_active", "d.hashing")]),
                )
            ]
            if now == [state, active, 0]:
                return
            time.sleep(0.1)
        raise RuntimeError(f"{torrent_hash} not in state {state}/{active} after {SETTLE_S} s")


def main() -> int:
    try:
        svc = ensure_service("rtorrent")
    except (pytest.skip.Exception, pytest.fail.Exception) as exc:
        print(f"record: service unavailable: {exc}", file=sys.stderr)
        return 1
    assert svc.username
    assert svc.password
    rec = Recorder(
        "rtorrent",
        f"rTorrent {svc.version}, rtorrent {debian_version('rtorrent')} from Debian bookworm "
        f"behind lighttpd {debian_version('lighttpd')} (SCGI mount /RPC2, basic auth), seeding "
        f"tests/live/services' test torrent; recorded on loopback {TODAY}",
    )
    rt = RTorrent(svc.url, (svc.username, svc.password), rec)
    torrent = TEST_TORRENT.with_suffix(".torrent.hash").read_text().strip().upper()
    rt("d.start", torrent)
    rt.until(torrent, 1, 1)

    rt("system.library_version", name="library_version")
    rt("system.multicall", calls(*[(m, torrent) for m in LOOKUP]), name="lookup")
    rt("system.multicall", calls(*[(m, UNKNOWN) for m in LOOKUP]), name="lookup_unknown")
    try:
        rt("d.stop", torrent, name="stop")
        rt.until(torrent, 0, 0)
        rt("system.multicall", calls(*[(m, torrent) for m in LOOKUP]), name="lookup_stopped")
        rt("d.start", torrent, name="start")
        rt.until(torrent, 1, 1)
        rt("d.pause", torrent)
        rt.until(torrent, 1, 0)
        rt("system.multicall", calls(*[(m, torrent) for m in LOOKUP]), name="lookup_paused")
        rt("d.resume", torrent, name="resume")
        rt.until(torrent, 1, 1)
        # What pauseAll / resumeAll send for three torrents: every call applied.
        three = calls(("d.start", torrent), ("d.resume", torrent), ("d.start", torrent))
        rt("system.multicall", three, name="multicall_applied")
        # One applied, one of a hash rTorrent has no torrent of, one refused.
        mixed = calls(("d.stop", torrent), ("d.stop", UNKNOWN), ("d.stop", "not-a-hash"))
        rt("system.multicall", mixed, name="multicall_mixed")
    finally:
        rt("d.start", torrent)
        rt("d.resume", torrent)
    rt.until(torrent, 1, 1)

    wrong = rt.post("system.client_version", (), (svc.username, "wrong-password"))
    rec.record(
        "unauthorized",
        wrong,
        note="wrong password: lighttpd's mod_auth refuses with 401 before rTorrent is asked",
        request_body={"methodName": "system.client_version", "params": []},
    )
    rec.report()
    return 0


if __name__ == "__main__":
    sys.exit(main())
