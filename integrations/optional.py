"""Optional parts of an endpoint: calls that some versions of a service do not implement.

An endpoint that combines several upstream calls wraps the ones it can do without in
``optional``: when the service does not implement that call, the part is ``None`` and the
endpoint answers with the payload fields fed by it empty, instead of failing whole. Any other
failure of the part (credentials, timeout, a body that is not what the API documents) still
fails the endpoint. The payload fields that may be empty for that reason say so in their
descriptions.

"Does not implement" is an HTTP status that says so, or an ``Unsupported`` error, which a
client raises for its API's own way of saying so (e.g. a Subsonic error envelope).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable
from typing import TypeVar

from integrations.errors import IntegrationError

T = TypeVar("T")

UNSUPPORTED_STATUSES = frozenset({404, 405, 410, 501})
"""No such route (404), not with this method (405), removed (410), not implemented (501).
Navidrome, for one, answers 501 for calls it may implement later and 410 for those it never
will."""

logger = logging.getLogger(__name__)


class Unsupported(IntegrationError):
    """The service answered that it does not implement the call, in its API's own terms.

    Raised by a client in place of an ``IntegrationError`` with the same code and message,
    so that a required call fails exactly as before and an optional one yields ``None``."""


def unsupported(err: IntegrationError) -> bool:
    """Whether ``err`` says the service does not implement the call."""
    return isinstance(err, Unsupported) or err.status in UNSUPPORTED_STATUSES


async def optional(call: Awaitable[T]) -> T | None:
    """``call``'s result, or ``None`` if the service does not implement it (``unsupported``);
    every other failure is raised as it is."""
    try:
        return await call
    except IntegrationError as err:
        if not unsupported(err):
            raise
        logger.debug("the service does not implement an optional call: %s", err)
        return None
