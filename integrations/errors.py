"""One error taxonomy for connection tests and data fetches alike.

IntegrationError                  every expected failure talking to an upstream
  .code: ErrorCode                UNAUTHORIZED, FORBIDDEN, NOT_FOUND, RATE_LIMITED,
                                  UPSTREAM_ERROR (5xx), UNEXPECTED_STATUS, TIMEOUT,
                                  CONNECTION_REFUSED, DNS_FAILURE, TLS_UNTRUSTED,
                                  TLS_EXPIRED, TLS_HOSTNAME_MISMATCH, INVALID_RESPONSE,
                                  INVALID_CONFIG, ADDRESS_NOT_ALLOWED, REDIRECT_REFUSED,
                                  TOO_MANY_REDIRECTS, RESPONSE_TOO_LARGE, UNKNOWN;
                                  and what was asked for does not exist: APP_NOT_FOUND,
                                  ENDPOINT_NOT_FOUND, APP_HAS_NO_INTEGRATION,
                                  INTEGRATION_DISABLED (NOT_FOUND is the upstream's 404)
  .message                        for a person; never contains a secret
  .status                         the HTTP status, where there was a response
  .url                            the request URL without credentials, query or fragment
  .certificate: CertificateInfo   for TLS failures: what the peer presented

IntegrationError.for_status maps an HTTP status (with a service's own ``Meanings`` of some);
upstream_detail makes what a service said about a failure fit to quote in a message.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from urllib.parse import urlsplit, urlunsplit


class ErrorCode(StrEnum):
    UNAUTHORIZED = "UNAUTHORIZED"
    FORBIDDEN = "FORBIDDEN"
    NOT_FOUND = "NOT_FOUND"
    RATE_LIMITED = "RATE_LIMITED"
    UPSTREAM_ERROR = "UPSTREAM_ERROR"
    UNEXPECTED_STATUS = "UNEXPECTED_STATUS"
    TIMEOUT = "TIMEOUT"
    CONNECTION_REFUSED = "CONNECTION_REFUSED"
    DNS_FAILURE = "DNS_FAILURE"
    TLS_UNTRUSTED = "TLS_UNTRUSTED"
    TLS_EXPIRED = "TLS_EXPIRED"
    TLS_HOSTNAME_MISMATCH = "TLS_HOSTNAME_MISMATCH"
    INVALID_RESPONSE = "INVALID_RESPONSE"
    INVALID_CONFIG = "INVALID_CONFIG"
    ADDRESS_NOT_ALLOWED = "ADDRESS_NOT_ALLOWED"
    """The address policy refuses where the URL leads (e.g. a cloud metadata address)."""
    REDIRECT_REFUSED = "REDIRECT_REFUSED"
    """The service redirected to another origin: credentials are never sent there."""
    TOO_MANY_REDIRECTS = "TOO_MANY_REDIRECTS"
    """A redirect loop, or a longer chain of redirects than any service needs."""
    RESPONSE_TOO_LARGE = "RESPONSE_TOO_LARGE"
    """The body (decompressed) or the headers are larger than Tilewire reads."""
    UNKNOWN = "UNKNOWN"
    APP_NOT_FOUND = "APP_NOT_FOUND"
    """No App has this id (nothing was contacted)."""
    ENDPOINT_NOT_FOUND = "ENDPOINT_NOT_FOUND"
    """The App's integration has no endpoint with this id (nothing was contacted)."""
    APP_HAS_NO_INTEGRATION = "APP_HAS_NO_INTEGRATION"
    """The App exists but has no integration, so no live data."""
    INTEGRATION_DISABLED = "INTEGRATION_DISABLED"
    """The App's integration is turned off (``integrationEnabled: false``)."""
    PARTIALLY_APPLIED = "PARTIALLY_APPLIED"
    """An action was applied in part: the message says what was done and what was not."""
    ORIGIN_REFUSED = "ORIGIN_REFUSED"
    """An action tried to reach an address outside its App's origin; nothing was sent there."""


@dataclass(frozen=True, slots=True)
class CertificateInfo:
    """The certificate a TLS peer presented, so a person can decide to trust or pin it."""

    subject: str
    issuer: str
    not_before: datetime
    not_after: datetime
    sha256: str
    """Upper-case hex, colon separated: the value the pinned-certificate field accepts."""


def safe_url(url: object) -> str:
    """``url`` without user info, query string or fragment: safe for messages and logs."""
    parts = urlsplit(str(url))
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))


STATUS_CODES: dict[int, ErrorCode] = {
    401: ErrorCode.UNAUTHORIZED,
    403: ErrorCode.FORBIDDEN,
    404: ErrorCode.NOT_FOUND,
    429: ErrorCode.RATE_LIMITED,
}
STATUS_TEXT: dict[ErrorCode, str] = {
    ErrorCode.UNAUTHORIZED: "the service rejected the credentials",
    ErrorCode.FORBIDDEN: "the credentials are not allowed to do this",
    ErrorCode.NOT_FOUND: "no such API at this URL: is the base URL right?",
    ErrorCode.RATE_LIMITED: "the service is rate limiting requests",
    ErrorCode.UPSTREAM_ERROR: "the service failed with a server error",
}
MAX_DETAIL_LENGTH = 200
"""The most characters of a service's own error text quoted in a message."""

Meanings = Mapping[int, tuple[ErrorCode, str]]
"""What a service means by some statuses of one call, in its words: a login's 401 or 422 is
"rejected the username or password", its 403 "banned this address"."""


def code_for_status(status: int) -> ErrorCode:
    if status >= 500:
        return ErrorCode.UPSTREAM_ERROR
    return STATUS_CODES.get(status, ErrorCode.UNEXPECTED_STATUS)


def status_message(code: ErrorCode, status: int, detail: str = "") -> str:
    """The generic message of ``code`` for an answer with ``status``."""
    text = STATUS_TEXT.get(code, "the service answered with an unexpected status")
    return f"{text} (HTTP {status})" + (f": {detail}" if detail else "")


def upstream_detail(
    text: str | Iterable[str] | None, *, secrets: Iterable[str] = (), limit: int = MAX_DETAIL_LENGTH
) -> str:
    """A service's own words about a failure, fit to quote in a message: on one line, every
    value of ``secrets`` masked (a service may echo the key it refused), at most ``limit``
    characters with an ellipsis where cut; "" when it said nothing."""
    if text is None:
        return ""
    if not isinstance(text, str):
        text = "; ".join(text)
    flat = " ".join(text.split())
    for secret in secrets:
        if secret:
            flat = flat.replace(secret, "***")
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


class IntegrationError(Exception):
    """An expected failure reaching or understanding an upstream service."""

    def __init__(
        self,
        code: ErrorCode,
        message: str,
        *,
        status: int | None = None,
        url: object = None,
        certificate: CertificateInfo | None = None,
    ) -> None:
        self.code = code
        self.message = message
        self.status = status
        self.url = safe_url(url) if url is not None else None
        self.certificate = certificate
        super().__init__(message)

    def __str__(self) -> str:
        where = f" ({self.url})" if self.url else ""
        return f"{self.code}: {self.message}{where}"

    def __repr__(self) -> str:
        return f"IntegrationError({self.code!s}, {self.message!r}, status={self.status!r})"

    @classmethod
    def for_status(
        cls, status: int, url: object, detail: str = "", *, meanings: Meanings | None = None
    ) -> IntegrationError:
        """The error for an answer with an unexpected ``status``: what ``meanings`` says the
        service means by it, else the taxonomy's entry with ``detail`` (the service's own words,
        see ``upstream_detail``) appended."""
        known = meanings.get(status) if meanings else None
        if known is not None:
            code, message = known
            return cls(code, message, status=status, url=url)
        code = code_for_status(status)
        return cls(code, status_message(code, status, detail), status=status, url=url)
