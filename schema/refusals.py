"""The log of refused requests: anonymous callers, documents over the limits, introspection.

Each kind of refusal is logged once per client (at INFO, one line, no traceback), and again only
at DEBUG: a dashboard left open with an expired token, or a client hammering the server with
hostile documents, must not flood the log. A line names the client address, its role, the error
code and our own message (numbers and limits): never the document, which may hold a secret, nor
the token.
"""

from __future__ import annotations

import logging
from collections import OrderedDict

from graphql import GraphQLError

from schema.context import Context

logger = logging.getLogger("tilewire.graphql")

LOGGED_CODES = frozenset({"UNAUTHENTICATED", "QUERY_TOO_COMPLEX", "FORBIDDEN"})


class Refusals:
    def __init__(self, max_remembered: int = 1024) -> None:
        self.max_remembered = max_remembered
        self._seen: OrderedDict[tuple[str, str], None] = OrderedDict()

    def note(self, context: object, error: GraphQLError) -> None:
        """Log ``error`` (refusing the request ``context`` belongs to) if it is one of ours."""
        client, role = "unknown", "anonymous"
        if isinstance(context, Context):
            role = context.role.value if context.role is not None else "anonymous"
            address = getattr(getattr(context.request, "client", None), "host", None)
            client = address or client
        self.log(error, client, role)

    def log(self, error: GraphQLError, client: str, role: str) -> None:
        code = (error.extensions or {}).get("code")
        if not isinstance(code, str) or code not in LOGGED_CODES:
            return
        key = (code, client)
        first = key not in self._seen
        if first:
            self._seen[key] = None
            while len(self._seen) > self.max_remembered:
                self._seen.popitem(last=False)
        level = logging.INFO if first else logging.DEBUG
        if logger.isEnabledFor(level):
            suffix = "" if not first else " (further ones from this client: DEBUG only)"
            logger.log(
                level,
                "refused a request from %s (%s): %s: %s%s",
                client,
                role,
                code,
                error.message,
                suffix,
            )
