"""Which ``Host`` names Tilewire answers to: the defence against DNS rebinding.

A web page on a name its owner controls can make that name resolve to 127.0.0.1 and then talk
to a Tilewire on the visitor's machine as if it were its own origin; the one thing it cannot
change is the ``Host`` header, which still names the page's host. With authentication off
(development) Tilewire therefore answers only loopback names; ``TILEWIRE_ALLOWED_HOSTS``, when
set, lists the names it answers to whatever the auth setting.
"""

from __future__ import annotations

import ipaddress
import logging
import re
from functools import lru_cache

from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Receive, Scope, Send

logger = logging.getLogger("tilewire")

LOOPBACK_NAMES = ("localhost", "*.localhost")
"""Besides loopback addresses (127.0.0.0/8, ::1). Browsers resolve ``*.localhost`` to loopback
themselves (RFC 6761) and no one can register such a name, so no page can rebind one."""
EXEMPT_PATHS = frozenset({"/healthz", "/readyz"})
"""Read-only, secret-free probes that orchestrators call by container address."""
MAX_LOGGED_HOSTS = 64
MALFORMED = "the Host header is missing or malformed"
NOT_LOOPBACK = (
    "with authentication off, Tilewire answers only to loopback names "
    "(localhost, *.localhost, 127.0.0.1, [::1]); "
    "to serve another name, list it in TILEWIRE_ALLOWED_HOSTS"
)
NOT_LISTED = "this name is not in TILEWIRE_ALLOWED_HOSTS"

_LABEL = r"(?!-)[a-z0-9_-]{1,63}(?<!-)"
_NAME = re.compile(rf"{_LABEL}(\.{_LABEL})*")
_HOST_HEADER = re.compile(r"(?P<host>\[[0-9a-f:.]+\]|[^:\[\]]+)(:(?P<port>[0-9]{1,5}))?")


class HostPatternError(ValueError):
    """An allowed-host entry is not a host name, an IP address or ``*.domain``."""


def normalize_pattern(entry: str) -> str:
    """One ``TILEWIRE_ALLOWED_HOSTS`` entry in the form it is compared in: lowercase, IPv6
    in brackets. ``*`` allows every host; ``*.example.com`` every name under example.com
    (not example.com itself)."""
    pattern = entry.strip().lower().rstrip(".")
    if pattern == "*":
        return pattern
    name = pattern[2:] if pattern.startswith("*.") else pattern
    address = _address(name)
    if address is not None and not pattern.startswith("*."):
        return f"[{address.compressed}]" if address.version == 6 else address.compressed
    if _NAME.fullmatch(name):
        return pattern
    shown = entry.strip()
    raise HostPatternError(f"{shown!r}: a host name, an IP address or *.domain, nothing else")


@lru_cache(maxsize=1024)  # parsing costs ~25 us, most of it ipaddress refusing a name
def host_of(header: str | None) -> str | None:
    """The host part of a ``Host`` header, lowercase, IPv6 in brackets; None if malformed."""
    if not header:
        return None
    match = _HOST_HEADER.fullmatch(header.strip().lower())
    if match is None:
        return None
    host = match["host"].rstrip(".")
    address = _address(host)
    if address is not None:
        return f"[{address.compressed}]" if address.version == 6 else address.compressed
    return host if _NAME.fullmatch(host) else None


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.removeprefix("[").removesuffix("]"))
    except ValueError:
        return None


def _matches(host: str, patterns: tuple[str, ...]) -> bool:
    return any(
        pattern == "*"
        or host == pattern
        or (pattern.startswith("*.") and host.endswith(pattern[1:]))
        for pattern in patterns
    )


@lru_cache(maxsize=1024)
def _is_loopback(host: str) -> bool:
    address = _address(host)
    if address is not None:
        return address.is_loopback
    return _matches(host, LOOPBACK_NAMES)


class HostGuard:
    """ASGI middleware answering HTTP and WebSocket requests for a refused ``Host`` with a
    plain 400 that says why (a WebSocket handshake gets the same response, or a 403 from
    servers that cannot send one). ``allowed``: the configured patterns (see
    ``normalize_pattern``), or None for loopback names and addresses only."""

    def __init__(self, app: ASGIApp, allowed: tuple[str, ...] | None) -> None:
        self.app = app
        self.allowed = allowed
        self._logged: set[str] = set()

    def accepts(self, host: str) -> bool:
        if self.allowed is None:
            return _is_loopback(host)
        return _matches(host, self.allowed)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket") or scope["path"] in EXEMPT_PATHS:
            await self.app(scope, receive, send)
            return
        header = next(
            (value.decode("latin-1") for name, value in scope["headers"] if name == b"host"), None
        )
        host = host_of(header)
        if host is None:
            name, why = (header or "")[:100], MALFORMED
        elif self.accepts(host):
            await self.app(scope, receive, send)
            return
        else:
            name, why = host, NOT_LOOPBACK if self.allowed is None else NOT_LISTED
        if name not in self._logged and len(self._logged) < MAX_LOGGED_HOSTS:
            self._logged.add(name)
            logger.warning("refused Host %r (logged once per name): %s", name, why)
        if scope["type"] == "websocket" and "websocket.http.response" not in scope.get(
            "extensions", {}
        ):
            await send({"type": "websocket.close", "code": 1008, "reason": ""})
            return
        response = PlainTextResponse(f"Host not allowed: {why}\n", status_code=400)
        await response(scope, receive, send)
