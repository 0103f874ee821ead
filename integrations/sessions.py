"""Login sessions: log in once, reuse the session, log in again exactly once when it expires,
and share it with the other Tilewire processes.

A client whose service needs a login sets ``logs_in = LoginRules(...)`` and implements
``login()`` (and ``session_expired()`` when a 401 or 403 is not how its service says so); its
``session`` (a ``LoginSession``) does the rest. A service that limits its sessions (Pi-hole v6,
qBittorrent, Deluge, ...) should see one Tilewire, not one per process: the first process to
log in stores the session (encrypted, by the store the application provides), the others use
it, and whoever finds it expired logs in again once for all of them.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Literal, Protocol

import httpx
import orjson

from integrations.errors import ErrorCode, IntegrationError


class SessionStore(Protocol):
    """Where shared sessions live (the application encrypts them)."""

    async def get(self, name: str) -> bytes | None: ...

    async def set(self, name: str, data: bytes, ttl: float) -> None: ...

    async def acquire(self, name: str, lease: float) -> str | None: ...

    async def release(self, name: str, token: str) -> None: ...


@dataclass(frozen=True, slots=True)
class LoginRules:
    """How a service's login session behaves: a client's ``logs_in``."""

    keeps: Literal["cookies", "token"] = "cookies"
    """What the session is: the cookies ``login()`` leaves in the client's jar, or the token
    it returns (the client sends ``session.token`` in its headers)."""
    ttl: float = 3600.0
    """How long a session stored for other processes is kept (they renew it on expiry)."""
    failure_hold: float = 60.0
    """Seconds a rejected login is reported again without asking the service: retrying bad
    credentials at every refresh gets the address banned (qBittorrent bans after five)."""


class LoginSession:
    """One client's login session. ``ensure`` logs in when there is no session yet (or adopts
    the one another process stored); ``renew`` replaces one the service no longer accepts,
    once however many requests found it expired."""

    def __init__(
        self,
        login: Callable[[], Awaitable[str | None]],
        cookies: Callable[[], httpx.Cookies],
        *,
        rules: LoginRules,
        timeout: float,
    ) -> None:
        self.rules = rules
        self.token: str | None = None
        """The session token (``keeps="token"``); None while there is none."""
        self.replaced: str | None = None
        """While a login runs: the token it replaces (for a service with few session seats)."""
        self.generation = 0
        """Counts the sessions taken up (logins and adopted ones)."""
        self._login = login
        self._cookies = cookies
        self._lease = timeout * 2 + 2
        """How long a login may hold the cross-process lock: a login and a call, with margin."""
        self._lock = asyncio.Lock()
        self._live = False
        self._failure: tuple[float, IntegrationError] | None = None
        self._store: SessionStore | None = None
        self._name = ""
        self._blob: bytes | None = None

    def share(self, store: SessionStore, name: str) -> None:
        """Share the session with other processes through ``store`` under ``name``."""
        self._store, self._name = store, name

    def export(self) -> bytes:
        """The session, for other processes."""
        if self.rules.keeps == "token":
            return (self.token or "").encode()
        return export_cookies(self._cookies())

    def adopt(self, data: bytes) -> None:
        """Take over a session another process exported."""
        if self.rules.keeps == "token":
            self.token = data.decode() or None
        else:
            import_cookies(self._cookies(), data)

    async def ensure(self) -> None:
        """Have a session: the current one, another process's, or a new login."""
        if not self._live:
            await self._ensure(self.generation, renew=False)

    async def renew(self, seen_generation: int) -> None:
        """Replace the session of ``seen_generation``, which the service refused, unless
        another task already has."""
        await self._ensure(seen_generation, renew=True)

    async def _ensure(self, seen_generation: int, *, renew: bool) -> None:
        async with self._lock:
            # Another task may have logged in while this one waited: reuse its session.
            if self.generation != seen_generation or (self._live and not renew):
                return
            self._live = False
            if await self._adopt_shared():
                return
            self._hold_back_rejected_login()
            if self._store is None:
                await self._log_in()
                return
            lock = f"login:{self._name}"
            token = await self._store.acquire(lock, self._lease)
            if token is None:
                # Another process is logging in: take its session when it lands.
                deadline = time.monotonic() + self._lease
                while time.monotonic() < deadline:
                    await asyncio.sleep(0.05)
                    if await self._adopt_shared():
                        return
            try:
                await self._log_in()
                self._blob = self.export()
                await self._store.set(self._name, self._blob, self.rules.ttl)
            finally:
                if token is not None:
                    await self._store.release(lock, token)

    async def _adopt_shared(self) -> bool:
        """Use the session another process stored, unless it is the one that just failed."""
        if self._store is None:
            return False
        shared = await self._store.get(self._name)
        if shared is None or shared == self._blob:
            return False
        self.adopt(shared)
        self._blob = shared
        self._taken_up()
        return True

    def _hold_back_rejected_login(self) -> None:
        if self._failure is None:
            return
        failed_at, error = self._failure
        hold = self.rules.failure_hold
        if time.monotonic() - failed_at < hold:
            raise IntegrationError(
                error.code,
                f"{error.message} (not retried for {hold:g} s after a rejected login, so that "
                "the service does not ban this address)",
                status=error.status,
                url=error.url,
            )

    async def _log_in(self) -> None:
        keeps_token = self.rules.keeps == "token"
        if keeps_token:
            # Not sent with the login, and gone if the login fails.
            self.replaced, self.token = self.token, None
        try:
            token = await self._login()
        except IntegrationError as err:
            if err.code in (ErrorCode.UNAUTHORIZED, ErrorCode.FORBIDDEN):
                self._failure = (time.monotonic(), err)
            raise
        finally:
            self.replaced = None
        if keeps_token:
            self.token = token
        self._failure = None
        self._taken_up()

    def _taken_up(self) -> None:
        self._live = True
        self.generation += 1


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
