#!/usr/bin/env python3
"""Make a single-file .torrent with no dependencies; print its v1 info-hash.

usage: mktorrent.py FILE OUT.torrent

The torrent is private and announces to a dead loopback tracker, so a client seeding it never
talks to anything outside 127.0.0.1.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

PIECE_LENGTH = 16384
ANNOUNCE = "http://127.0.0.1:18999/announce"

Bencodable = int | str | bytes | list["Bencodable"] | dict[str, "Bencodable"]


def bencode(x: Bencodable) -> bytes:
    if isinstance(x, int):
        return b"i%de" % x
    if isinstance(x, str):
        x = x.encode()
    if isinstance(x, bytes):
        return b"%d:%s" % (len(x), x)
    if isinstance(x, list):
        return b"l" + b"".join(map(bencode, x)) + b"e"
    items = sorted(x.items())
    return b"d" + b"".join(bencode(k) + bencode(v) for k, v in items) + b"e"


def make_torrent(src: Path, out: Path) -> str:
    data = src.read_bytes()
    pieces = b"".join(
        hashlib.sha1(data[i : i + PIECE_LENGTH]).digest() for i in range(0, len(data), PIECE_LENGTH)
    )
    info: dict[str, Bencodable] = {
        "name": src.name,
        "length": len(data),
        "piece length": PIECE_LENGTH,
        "pieces": pieces,
        "private": 1,
    }
    out.write_bytes(bencode({"announce": ANNOUNCE, "info": info}))
    return hashlib.sha1(bencode(info)).hexdigest()


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    print(make_torrent(Path(argv[1]), Path(argv[2])))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
