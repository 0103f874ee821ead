"""Login sessions shared by several Tilewire processes.

A service that limits its sessions (Pi-hole v6, qBittorrent, Deluge, ...) should see one
Tilewire, not one per process: the first process to log in stores the session (encrypted, by
the store the application provides), the others use it, and whoever finds it expired logs in
again once for all of them.
"""

from __future__ import annotations

from typing import Protocol

import httpx
import orjson


class SessionStore(Protocol):
    """Where shared sessions live (the application encrypts them)."""

    async def get(self, name: str) -> bytes | None: ...

    async def set(self, name: str, data: bytes, ttl: float) -> None: ...

    async def acquire(self, name: str, lease: float) -> str | None: ...

    async def release(self, name: str, token: str) -> None: ...


def export_cookies(cookies: httpx.Cookies) -> bytes:
    return orjson.dumps(
        [
            {"name": c.name, "value": c.value, "domain": c.domain, "path": c.path}
            for c in cookies.jar
        ]
    )


def import_cookies(cookies: httpx.Cookies, data: bytes) -> None:
    cookies.clear()
    for item in orjson.loads(data):
        cookies.set(item["name"], item["value"], domain=item["domain"], path=item["path"])
