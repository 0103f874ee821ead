"""Reading an upstream response body without trusting its size.

A service (or whatever answers at its URL) decides how much it sends: a 500 MB body, an endless
chunked stream, or a megabyte of gzip that inflates to a gigabyte. ``read_body`` decodes the
body as it arrives, never inflating more than a piece at a time, and stops at a byte cap
counted after decompression. Tilewire asks only for the encodings it decodes this way
(``ACCEPT_ENCODING``); an unknown one is passed through undecoded, as httpx does.
"""

from __future__ import annotations

import contextlib
import zlib
from collections.abc import AsyncGenerator, Iterable, Iterator
from typing import cast

import httpx

from integrations.errors import ErrorCode, IntegrationError

DEFAULT_MAX_RESPONSE_BYTES = 4 * 1024 * 1024
"""The cap when none is configured (``TILEWIRE_MAX_RESPONSE_BYTES``): the answers the shipped
integrations ask for are well under it in a big homelab (Home Assistant's full state list
excepted: its client declares more, ``ServiceClient.large_response_bytes``)."""
LIMIT_SETTING = "TILEWIRE_MAX_RESPONSE_BYTES"
"""The setting that raises the cap, named in the error so a person knows what to change."""
ACCEPT_ENCODING = "gzip, deflate"
PIECE = 64 * 1024
"""Most bytes one inflation step produces: a bomb never inflates further than this ahead of
the count."""


def size_text(size: int) -> str:
    """``size`` bytes for a person: 4 MiB, 512 KiB, 1.5 MiB, 300 bytes."""
    for unit, scale in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if size >= scale:
            return f"{size / scale:.1f}".removesuffix(".0") + f" {unit}"
    return f"{size} bytes"


def too_large(
    limit: int, url: object, status: int, declared: int | None = None
) -> IntegrationError:
    """RESPONSE_TOO_LARGE for a body over ``limit`` (``declared``: its Content-Length)."""
    size = f"is {size_text(declared)}" if declared is not None else "is larger than that"
    return IntegrationError(
        ErrorCode.RESPONSE_TOO_LARGE,
        f"Tilewire reads at most {size_text(limit)} of a service's answer and this one {size}: "
        f"if the service's answers really are that large, raise {LIMIT_SETTING}",
        status=status,
        url=url,
    )


class _Inflater:
    """gzip or deflate, inflated at most ``PIECE`` bytes at a time."""

    def __init__(self, encoding: str) -> None:
        self.encoding = encoding
        # deflate is meant to be zlib-wrapped, but some servers send it raw: like httpx, try
        # the wrapper first and fall back to raw on the first piece.
        wbits = zlib.MAX_WBITS | 16 if encoding == "gzip" else zlib.MAX_WBITS
        self._inflate = zlib.decompressobj(wbits)
        self._started = False

    def pieces(self, data: bytes) -> Iterator[bytes]:
        while True:
            try:
                out = self._inflate.decompress(data, PIECE)
            except zlib.error:
                if self.encoding == "deflate" and not self._started:
                    self._started = True
                    self._inflate = zlib.decompressobj(-zlib.MAX_WBITS)
                    continue
                raise
            self._started = True
            data = self._inflate.unconsumed_tail
            if out:
                yield out
            # A full piece may leave output inside zlib even when all input is consumed.
            if not data and len(out) < PIECE:
                return

    def end(self) -> Iterator[bytes]:
        rest = self._inflate.flush()
        if rest:
            yield rest


def _inflaters(response: httpx.Response) -> list[_Inflater]:
    """The decoders for the body's Content-Encoding, in the order they apply."""
    found = []
    for value in response.headers.get_list("content-encoding", split_commas=True):
        name = value.strip().lower()
        if name in ("gzip", "deflate"):
            found.append(_Inflater(name))
    return list(reversed(found))


def _through(stages: list[_Inflater], pieces: Iterable[bytes]) -> Iterator[bytes]:
    """``pieces`` through every stage, lazily: one piece in flight per stage."""
    if not stages:
        yield from pieces
        return
    first, rest = stages[0], stages[1:]
    for piece in pieces:
        yield from _through(rest, first.pieces(piece))


def _ending(stages: list[_Inflater]) -> Iterator[bytes]:
    """What the stages still hold once the raw body has ended, through the later stages."""
    for index, stage in enumerate(stages):
        yield from _through(stages[index + 1 :], stage.end())


async def read_body(response: httpx.Response, limit: int) -> bytes:
    """The decoded body of a streamed ``response``, refused once it exceeds ``limit`` bytes
    (RESPONSE_TOO_LARGE), or INVALID_RESPONSE when it does not decompress. The caller closes
    the response."""
    if response.is_stream_consumed:
        # An in-memory transport (httpx.MockTransport) hands over a response already read.
        if len(response.content) > limit:
            raise too_large(limit, response.url, response.status_code, len(response.content))
        return response.content
    stages = _inflaters(response)
    declared = response.headers.get("content-length")
    if not stages and declared is not None and declared.isdigit() and int(declared) > limit:
        raise too_large(limit, response.url, response.status_code, int(declared))
    parts: list[bytes] = []
    total = 0
    try:
        # aclosing: a body refused half-way is let go now, not when a collection finds it
        raws = cast(AsyncGenerator[bytes, None], response.aiter_raw())  # typed as an iterator
        async with contextlib.aclosing(raws):
            async for raw in raws:
                for piece in _through(stages, (raw,)):
                    total += len(piece)
                    if total > limit:
                        break
                    parts.append(piece)
                if total > limit:
                    break
        if total <= limit:
            for piece in _ending(stages):
                total += len(piece)
                if total > limit:
                    break
                parts.append(piece)
    except zlib.error:
        raise IntegrationError(
            ErrorCode.INVALID_RESPONSE,
            f"the body is not valid {' + '.join(s.encoding for s in stages)} data, as the "
            "service said it was",
            status=response.status_code,
            url=response.url,
        ) from None
    if total > limit:
        # Not raised from inside the loop: the error outlives this frame (it is cached), and
        # the frame, kept by its traceback, would keep the parts read so far.
        parts.clear()
        raise too_large(limit, response.url, response.status_code)
    return b"".join(parts)


def decoded(response: httpx.Response, body: bytes, history: list[httpx.Response]) -> httpx.Response:
    """``response`` (streamed, closed) as a read response holding ``body``, already decoded:
    the headers no longer announce an encoding, and the length is the decoded one."""
    headers = httpx.Headers(response.headers)
    for name in ("content-encoding", "content-length", "transfer-encoding"):
        headers.pop(name, None)
    return httpx.Response(
        response.status_code,
        headers=headers,
        content=body,
        request=response.request,
        extensions=response.extensions,
        history=history,
    )
