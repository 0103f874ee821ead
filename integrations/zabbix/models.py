"""The parts of Zabbix's JSON-RPC answers Tilewire reads (Zabbix 7.0 API documentation)."""

from __future__ import annotations

from typing import Any

from integrations.base import UpstreamModel


class RpcError(UpstreamModel):
    code: int
    message: str = ""
    data: str = ""


class Answer(UpstreamModel):
    """Every answer: ``result``, or ``error`` (with HTTP 200)."""

    result: Any = None
    error: RpcError | None = None


class Problem(UpstreamModel):
    """One of ``problem.get``."""

    eventid: str
    name: str = ""
    severity: int = 0
    """0 not classified, 1 information, 2 warning, 3 average, 4 high, 5 disaster."""
    clock: int = 0
    acknowledged: int = 0
    suppressed: int = 0
