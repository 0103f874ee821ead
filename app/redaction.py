"""Keeps credentials out of the server's log.

At ``TILEWIRE_LOG_LEVEL=DEBUG`` uvicorn's WebSocket protocol logs every header of an upgrade
request (``< authorization: Bearer ...``) and the beginning and end of every frame (a
connection_init payload carrying ``{"Authorization": "Bearer ..."}``): a token or API key
would land in the log. This filter blanks those values and lets everything else through.

httpx logs every request URL at INFO, and some services take their API key in the query
string (SABnzbd, Tautulli, Pi-hole v5): the HTTP client's loggers only speak up for warnings.
"""

from __future__ import annotations

import logging

CREDENTIAL_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie"})
REDACTED = "[redacted]"
LOGGERS = ("uvicorn.error",)
"""uvicorn hands its WebSocket protocol this logger."""
QUIET_LOGGERS = ("httpx", "httpcore")
"""The HTTP client's loggers, whose request lines carry whole URLs."""


class CredentialRedaction(logging.Filter):
    """Blanks credential headers and frames that mention an Authorization in log records."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if not isinstance(args, tuple) or not args:
            return True
        if record.msg == "< %s: %s" and len(args) == 2:
            if str(args[0]).lower() in CREDENTIAL_HEADERS:
                record.args = (args[0], REDACTED)
        elif record.msg in ("< %s", "> %s") and len(args) == 1:
            data = getattr(args[0], "data", None)
            if isinstance(data, bytes | bytearray) and b"uthorization" in data:
                opcode = getattr(getattr(args[0], "opcode", None), "name", "frame")
                record.args = (f"{opcode} {REDACTED} [{len(data)} bytes]",)
        return True


def install() -> None:
    """Attach the filter to the loggers that log WebSocket handshakes and frames (once), and
    keep the HTTP client's loggers to warnings."""
    for name in LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, CredentialRedaction) for f in logger.filters):
            logger.addFilter(CredentialRedaction())
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)
