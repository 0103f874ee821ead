"""The media type of a GraphQL response over HTTP, and its status, per GraphQL over HTTP.

A client that accepts ``application/graphql-response+json`` (Apollo Client, urql, graphql-http
send it first) gets that media type, where the status says whether the document executed: 400
for a request that failed before execution (a syntax error, a validation failure, a variable
of the wrong type, a document over the limits), 401 or 403 for a refused caller, and then no
``data`` entry at all; 200 once execution started, errors or not. A client that does not ask
for it (no ``Accept``, ``*/*``, ``application/json``) gets ``application/json`` and 200, as
before: such clients read errors from the body only.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from graphql import GraphQLError

JSON = "application/json"
GRAPHQL_RESPONSE_JSON = "application/graphql-response+json"

REQUEST_ERROR_STATUS = {
    "UNAUTHENTICATED": 401,
    "FORBIDDEN": 403,
    "DATABASE_UNAVAILABLE": 503,
    "INTERNAL_ERROR": 500,
}
"""Status of a request error by its ``extensions.code``; any other code is the client's
mistake (400)."""


def _quality(params: list[str]) -> float:
    for param in params:
        name, _, value = param.partition("=")
        if name.strip().lower() == "q":
            try:
                return max(0.0, min(1.0, float(value.strip())))
            except ValueError:
                return 0.0
    return 1.0


def response_media_type(accept: str | None) -> str:
    """``application/graphql-response+json`` when the ``Accept`` header asks for it at least
    as much as for ``application/json``; otherwise ``application/json`` (also for ``*/*`` and a
    missing header, as the specification's compatibility rules say)."""
    if not accept or "graphql-response+json" not in accept.lower():
        return JSON  # the common case, on every dashboard request: no parsing
    wanted = json = 0.0
    for item in accept.split(",")[:32]:
        media, *params = item.split(";")
        media = media.strip().lower()
        if media == GRAPHQL_RESPONSE_JSON:
            wanted = max(wanted, _quality(params))
        elif media in (JSON, "application/*", "*/*"):
            json = max(json, _quality(params))
    return GRAPHQL_RESPONSE_JSON if wanted > 0 and wanted >= json else JSON


def is_request_error(data: object, errors: Sequence[GraphQLError] | None) -> bool:
    """Whether a result is a request error: nothing executed (no data), and no error belongs
    to a field (a field error that nulls the whole result has a path)."""
    return data is None and bool(errors) and all(e.path is None for e in errors or ())


def request_error_status(errors: Iterable[object]) -> int:
    """The status of a request error in ``application/graphql-response+json``: that of its
    first coded error (401, 403, 503, 500), else 400. ``errors`` as the response lists them."""
    for error in errors:
        extensions = error.get("extensions") if isinstance(error, dict) else None
        code = extensions.get("code") if isinstance(extensions, dict) else None
        if isinstance(code, str) and code in REQUEST_ERROR_STATUS:
            return REQUEST_ERROR_STATUS[code]
    return 400
