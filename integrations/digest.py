"""HTTP digest authentication (RFC 7616) for ``ServiceClient.digest_auth``.

httpx answers the challenge; what is added here is what a service may get wrong: a challenge
httpx cannot read (no realm or nonce, a parameter without a value, an algorithm it does not
know, only ``qop=auth-int``) raises httpx's ``ProtocolError``, a ``NotImplementedError`` or a
bare ``KeyError`` or ``ValueError`` from inside the auth flow, none of which the client would
map. Here it becomes
INVALID_RESPONSE, saying what was wrong and nothing the service sent.

One instance serves a client for its lifetime: httpx keeps the last challenge and answers it
pre-emptively on the next request, so a service costs the extra round trip of a challenge once
(and again whenever it issues a new nonce), not on every request.
"""

from __future__ import annotations

from collections.abc import Generator

import httpx

from integrations.errors import ErrorCode, IntegrationError


class DigestAuth(httpx.DigestAuth):
    """httpx's digest auth, with an unreadable challenge mapped to the taxonomy."""

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        try:
            yield from super().auth_flow(request)
        except (httpx.ProtocolError, KeyError, ValueError, NotImplementedError):
            raise IntegrationError(
                ErrorCode.INVALID_RESPONSE,
                "the service asked for HTTP digest authentication with a challenge Tilewire "
                "cannot answer (malformed, or an algorithm or qop it does not support)",
                status=401,
                url=request.url,
            ) from None
