"""A client of upsd's network protocol (NUT 2.8.0 docs/net-protocol.txt): one TCP connection per
read, opened through Tilewire's address policy, with every answer bounded in line length, line
count and time.

NUT is no HTTP service: of the configured URL only the host and the port are used (3493 when the
URL names none); ``https`` is refused (upsd's STARTTLS is not spoken here).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any

import httpcore
import httpx

from integrations.addresses import DEFAULT_POLICY, AddressNotAllowed, AddressPolicyBackend
from integrations.base import ServiceClient, map_transport_error
from integrations.config import ServiceConfig, UsernamePassword
from integrations.errors import ErrorCode, IntegrationError

DEFAULT_PORT = 3493
MAX_LINE = 4096
"""Bytes in one answer line (upsd's longest values are a few hundred)."""
MAX_LIST = 2000
"""Lines in one LIST answer (a UPS has about 100 variables; upsd serves a few UPSes)."""
READ_CHUNK = 4096

ERRORS: dict[str, tuple[ErrorCode, str]] = {
    "ACCESS-DENIED": (ErrorCode.UNAUTHORIZED, "upsd refused the username or password"),
    "UNKNOWN-UPS": (ErrorCode.NOT_FOUND, "upsd serves no UPS of that name"),
    "DATA-STALE": (ErrorCode.UPSTREAM_ERROR, "upsd has no fresh data from the UPS's driver"),
    "DRIVER-NOT-CONNECTED": (ErrorCode.UPSTREAM_ERROR, "upsd is not connected to the UPS's driver"),
    "USERNAME-REQUIRED": (ErrorCode.UNAUTHORIZED, "upsd asks for a username"),
    "PASSWORD-REQUIRED": (ErrorCode.UNAUTHORIZED, "upsd asks for a password"),
}


class NutSession:
    """One connection to upsd: commands and their answers, line by line."""

    def __init__(self, client: NutClient, stream: httpcore.AsyncNetworkStream) -> None:
        self.client = client
        self.stream = stream
        self.buffer = b""

    async def _line(self) -> str:
        while b"\n" not in self.buffer:
            if len(self.buffer) > MAX_LINE:
                raise self.client.error(
                    ErrorCode.RESPONSE_TOO_LARGE, f"an answer line is longer than {MAX_LINE} bytes"
                )
            try:
                chunk = await self.stream.read(READ_CHUNK)
            except (httpcore.ReadError, OSError) as err:
                raise self.client.error(
                    ErrorCode.INVALID_RESPONSE, f"upsd closed the connection ({err})"
                ) from None
            if not chunk:
                raise self.client.error(
                    ErrorCode.INVALID_RESPONSE,
                    "the connection closed without an answer: is this upsd's port (3493)?",
                )
            self.buffer += chunk
        line, _, self.buffer = self.buffer.partition(b"\n")
        if len(line) > MAX_LINE:
            raise self.client.error(
                ErrorCode.RESPONSE_TOO_LARGE, f"an answer line is longer than {MAX_LINE} bytes"
            )
        return line.decode("utf-8", "replace").rstrip("\r")

    async def send(self, command: str) -> None:
        try:
            await self.stream.write(f"{command}\n".encode())
        except (httpcore.WriteError, OSError) as err:
            raise self.client.error(
                ErrorCode.INVALID_RESPONSE, f"upsd closed the connection ({err})"
            ) from None

    async def ask(self, command: str, shown: str | None = None) -> str:
        """One command and its one-line answer; ``ERR ...`` raises its error."""
        await self.send(command)
        line = await self._line()
        self.client.check(line, shown or command)
        return line

    async def list(self, what: str) -> list[str]:
        """``LIST <what>``: the lines between ``BEGIN LIST <what>`` and ``END LIST <what>``."""
        begin = await self.ask(f"LIST {what}")
        if begin != f"BEGIN LIST {what}":
            raise self.client.not_nut(begin)
        lines: list[str] = []
        while (line := await self._line()) != f"END LIST {what}":
            if len(lines) >= MAX_LIST:
                raise self.client.error(
                    ErrorCode.RESPONSE_TOO_LARGE, f"upsd lists more than {MAX_LIST} lines"
                )
            lines.append(line)
        return lines


class NutClient(ServiceClient):
    """upsd's line protocol over TCP (no HTTP): the address policy, the connect timeout and
    the request timeout of the config, and the error taxonomy."""

    def __init__(self, config: ServiceConfig, **kwargs: Any) -> None:
        super().__init__(config, **kwargs)
        self.addresses = DEFAULT_POLICY
        """The address policy the connection is held to (the App's, set by the integration)."""

    @property
    def target(self) -> tuple[str, int]:
        url = httpx.URL(str(self.config.url))
        if url.scheme != "http":
            raise IntegrationError(
                ErrorCode.INVALID_CONFIG,
                "url: NUT speaks its own protocol, not HTTPS: give http://<host>:3493 (upsd's "
                "STARTTLS is not supported)",
            )
        return url.host, url.port or DEFAULT_PORT

    @property
    def where(self) -> str:
        host, port = self.target
        return f"{host}:{port}"

    def error(self, code: ErrorCode, message: str) -> IntegrationError:
        return IntegrationError(code, f"{self.where}: {message}")

    def not_nut(self, line: str) -> IntegrationError:
        return self.error(
            ErrorCode.INVALID_RESPONSE,
            f"not an answer of upsd ({self.detail(line, limit=80)!r}): is this NUT's port?",
        )

    def check(self, line: str, command: str) -> None:
        """Raise the error an ``ERR <code>`` answer means."""
        if not line.startswith("ERR "):
            return
        name = line[4:].split(" ", 1)[0]
        code, message = ERRORS.get(
            name, (ErrorCode.UPSTREAM_ERROR, f"upsd refused {command.split(' ')[0]}: {name}")
        )
        raise self.error(code, self.detail(message))

    @contextlib.asynccontextmanager
    async def conversation(self) -> AsyncIterator[NutSession]:
        """A connection to upsd, for at most the config's timeout (TIMEOUT after it)."""
        host, port = self.target
        url = httpx.URL(f"http://{host}:{port}")
        try:
            async with asyncio.timeout(self.config.timeout):
                stream = await self._connect(host, port, url)
                try:
                    session = NutSession(self, stream)
                    yield session
                    with contextlib.suppress(Exception):
                        await session.send("LOGOUT")
                finally:
                    with contextlib.suppress(Exception):
                        await stream.aclose()
        except TimeoutError:
            raise self.error(
                ErrorCode.TIMEOUT, f"upsd did not answer within {self.config.timeout:g} s"
            ) from None

    async def _connect(self, host: str, port: int, url: httpx.URL) -> httpcore.AsyncNetworkStream:
        backend = AddressPolicyBackend(self.addresses)
        try:
            return await backend.connect_tcp(host, port, timeout=self.config.connect_timeout)
        except AddressNotAllowed as err:
            raise IntegrationError(ErrorCode.ADDRESS_NOT_ALLOWED, err.message, url=url) from None
        except httpcore.ConnectTimeout as err:
            raise await map_transport_error(httpx.ConnectTimeout(str(err)), url) from None
        except (httpcore.ConnectError, OSError) as err:
            mapped = httpx.ConnectError(str(err))
            mapped.__cause__ = err
            raise await map_transport_error(mapped, url) from None

    async def log_in(self, session: NutSession, ups: str) -> bool:
        """USERNAME, PASSWORD and LOGIN <ups> when credentials are configured: upsd checks a
        password only at LOGIN (the user needs ``upsmon`` rights in upsd.users). False when
        there are none."""
        creds = self.credentials_as(UsernamePassword)
        if creds is None:
            return False
        await session.ask(f"USERNAME {quote(creds.username)}", "USERNAME")
        await session.ask(f"PASSWORD {quote(creds.password.get_secret_value())}", "PASSWORD")
        await session.ask(f"LOGIN {ups}")
        return True


def quote(value: str) -> str:
    """A protocol argument: double-quoted with ``\\`` and ``"`` escaped; no line breaks."""
    if "\n" in value or "\r" in value:
        raise IntegrationError(ErrorCode.INVALID_CONFIG, "credentials must not hold a line break")
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'
