"""Cross-origin access: which web pages (origins) may call Tilewire from a browser.

``TILEWIRE_CORS_ORIGINS`` lists exact origins (``https://dash.example.com``). Those pages get
CORS headers on HTTP (preflights answered, every response readable, errors included) and may
open the GraphQL WebSocket; every other cross-origin page gets neither. There is no wildcard:
with auth on, any site would then be one stolen token away; with auth off, any site a developer
visits could read and change their Tilewire through their browser. Credentials are bearer
tokens the page sends itself, never cookies, so CORS never allows credentials.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from urllib.parse import urlsplit

from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware

DEFAULT_PORTS = {"http": 80, "https": 443}
METHODS = ("GET", "POST", "OPTIONS")
HEADERS = ("authorization", "content-type")
HOSTNAME = re.compile(r"[a-z0-9]([a-z0-9.-]*[a-z0-9])?")
MAX_AGE = 600
"""Seconds a browser may reuse a preflight's answer."""


def normalize_origin(value: str) -> str:
    """``value`` as a browser sends it in ``Origin`` (lowercase, no default port, no trailing
    slash); raises ValueError naming it when it is not ``http(s)://host[:port]``."""
    if value == "*":
        raise ValueError(
            "'*' is not allowed: list each dashboard's origin, e.g. https://dash.example.com"
        )
    problem = (
        f"{value!r} is not an origin: expected scheme://host[:port], e.g. https://dash.example.com"
    )
    try:
        parts = urlsplit(value)
        port = parts.port
    except ValueError:
        raise ValueError(problem) from None
    scheme = parts.scheme.lower()
    if (
        scheme not in DEFAULT_PORTS
        or not parts.hostname
        or parts.username is not None
        or parts.path not in ("", "/")
        or parts.query
        or parts.fragment
        or value.endswith(("?", "#"))
    ):
        raise ValueError(problem)
    if ":" in parts.hostname:
        host = f"[{parts.hostname}]"  # IPv6
    elif HOSTNAME.fullmatch(parts.hostname):
        host = parts.hostname
    else:
        raise ValueError(problem)
    if port is not None and port != DEFAULT_PORTS[scheme]:
        host = f"{host}:{port}"
    return f"{scheme}://{host}"


def parse_origins(value: str) -> tuple[str, ...]:
    """The comma-separated origins of ``TILEWIRE_CORS_ORIGINS``, normalized, without repeats."""
    found = (normalize_origin(item.strip()) for item in value.split(",") if item.strip())
    return tuple(dict.fromkeys(found))


def cors_middleware(origins: Sequence[str]) -> list[Middleware]:
    """CORS for ``origins`` (none without origins: a preflight then meets the routes, 405).

    Outermost, so that every response of the app carries the headers, errors too (400, 401,
    413): a page can read why its request failed."""
    if not origins:
        return []
    return [
        Middleware(
            CORSMiddleware,
            allow_origins=list(origins),
            allow_methods=list(METHODS),
            allow_headers=list(HEADERS),
            allow_credentials=False,
            # The listed pages are trusted; a public page calling a LAN Tilewire needs this.
            allow_private_network=True,
            max_age=MAX_AGE,
        )
    ]
