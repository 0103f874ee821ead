"""What one check of a site measured (the site has no API: these are Tilewire's own records)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from integrations.errors import IntegrationError


@dataclass(frozen=True, slots=True)
class PeerCertificate:
    """The certificate the site presented (from the TLS connection, or from a failed handshake)."""

    subject: str
    issuer: str
    not_after: datetime


@dataclass(slots=True)
class Timings:
    """Milliseconds each step of a check took; None for a step that did not happen (a literal
    address needs no name resolution, plain HTTP no handshake)."""

    dns_ms: float | None = None
    connect_ms: float | None = None
    tls_ms: float | None = None
    first_byte_ms: float | None = None
    total_ms: float = 0.0


@dataclass(frozen=True, slots=True)
class Check:
    """One check: up, or down with the taxonomy error saying why."""

    error: IntegrationError | None
    timings: Timings
    status: int | None = None
    certificate: PeerCertificate | None = None

    @property
    def up(self) -> bool:
        return self.error is None


@dataclass(slots=True)
class Trace:
    """An httpcore ``trace`` request extension: when each step of the exchange started and
    ended, and the peer certificate of the TLS connection."""

    started: dict[str, float] = field(default_factory=dict)
    ended: dict[str, float] = field(default_factory=dict)
    peer_der: bytes | None = None

    async def __call__(self, name: str, info: dict[str, Any]) -> None:
        step, _, phase = name.rpartition(".")
        now = time.perf_counter()
        if phase == "started":
            self.started[step] = now
        elif phase in ("complete", "failed"):
            self.ended[step] = now
        if name == "connection.start_tls.complete":
            stream = info.get("return_value")
            ssl_object = stream.get_extra_info("ssl_object") if stream is not None else None
            if ssl_object is not None:
                self.peer_der = ssl_object.getpeercert(binary_form=True)

    def took(self, first: str, last: str | None = None) -> float | None:
        """Milliseconds from ``first`` starting to ``last`` (or ``first``) ending."""
        start, end = self.started.get(first), self.ended.get(last or first)
        if start is None or end is None:
            return None
        return round((end - start) * 1000, 2)
