"""What upsd answers, parsed from its lines (NUT 2.8.0 docs/net-protocol.txt).

A value is a double-quoted string in which ``\\"`` and ``\\\\`` are escapes; upsd sends one
answer line per request, or a ``BEGIN LIST ...`` / ``END LIST ...`` block.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

QUOTED = r'"((?:[^"\\]|\\.)*)"'
UPS_LINE = re.compile(rf"^UPS (\S+) {QUOTED}$")
VAR_LINE = re.compile(rf"^VAR (\S+) (\S+) {QUOTED}$")
ESCAPE = re.compile(r"\\(.)")
VERSION = re.compile(r"\bupsd (\d+(?:\.\d+)+\S*)")


def unquote(text: str) -> str:
    return ESCAPE.sub(r"\1", text)


@dataclass(frozen=True)
class Ups:
    """``UPS <name> "<description>"`` of ``LIST UPS``."""

    name: str
    description: str


def parse_ups(line: str) -> Ups | None:
    match = UPS_LINE.match(line)
    return Ups(match[1], unquote(match[2])) if match else None


def parse_var(line: str, ups: str) -> tuple[str, str] | None:
    """``VAR <ups> <name> "<value>"`` of ``LIST VAR <ups>``: (name, value)."""
    match = VAR_LINE.match(line)
    if match is None or match[1] != ups:
        return None
    return match[2], unquote(match[3])


def parse_version(line: str) -> str | None:
    """The version in ``VER``'s answer: "Network UPS Tools upsd 2.8.0 - http://..."."""
    match = VERSION.search(line)
    return match[1] if match else None
