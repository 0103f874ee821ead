"""The Unraid API: GraphQL at ``POST /graphql``, the API key in the ``x-api-key`` header.

Apollo Server answers a refused key or permission with HTTP 200 and an ``errors`` list whose
``extensions.code`` is ``UNAUTHENTICATED`` or ``FORBIDDEN`` (the exception's ``statusCode``,
401 or 403, kept in ``extensions.originalError``); a document it cannot validate with HTTP 400
and ``GRAPHQL_VALIDATION_FAILED``. Those become the taxonomy's codes here."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TypeVar

import httpx

from integrations.base import REFUSALS, ServiceClient
from integrations.errors import ErrorCode, IntegrationError
from integrations.unraid.models import Answer, GraphQLError

T = TypeVar("T")

GRAPHQL_PATH = "graphql"
KEY_HELP = (
    "create one in Unraid under Settings, Management Access, API Keys (the Viewer role "
    "reads everything Tilewire shows) and paste it whole"
)
UNKNOWN_FIELD = re.compile(r"Cannot query field", re.IGNORECASE)
UNAUTHENTICATED_WORDS = re.compile(
    r"\bunauthori[sz]ed\b|\bunauthenticated\b|api key|user not found", re.IGNORECASE
)
FORBIDDEN_WORDS = re.compile(r"\bforbidden\b", re.IGNORECASE)
MAX_PATH = 6


def refusal_of(error: GraphQLError) -> ErrorCode | None:
    """Whether a GraphQL error refuses the key (UNAUTHORIZED) or a permission (FORBIDDEN):
    by ``extensions.code``, else the exception's status code, else its words."""
    extensions = error.extensions
    code = (extensions.code or "").upper() if extensions else ""
    if code == "UNAUTHENTICATED":
        return ErrorCode.UNAUTHORIZED
    if code == "FORBIDDEN":
        return ErrorCode.FORBIDDEN
    original = extensions.original_error if extensions else None
    status = original.status_code if original else None
    if status is not None and status in REFUSALS:
        return REFUSALS[status]
    if code:  # a code of another kind says what it is: no guessing from the words
        return None
    if FORBIDDEN_WORDS.search(error.message):
        return ErrorCode.FORBIDDEN
    if UNAUTHENTICATED_WORDS.search(error.message):
        return ErrorCode.UNAUTHORIZED
    return None


def path_of(error: GraphQLError) -> str:
    """Where in the answer the error is, e.g. ``docker.containers``."""
    return ".".join(str(part) for part in (error.path or ())[:MAX_PATH]) or "the query"


def at_path(path: str) -> Callable[[GraphQLError], bool]:
    """Whether an error is that of the field at ``path`` (e.g. ``docker.containers``): for a
    list the service could not read (Docker or libvirt not running), which the endpoint
    reports as unavailable instead of failing."""
    wanted = path.split(".")

    def at(error: GraphQLError) -> bool:
        return [str(part) for part in error.path or ()] == wanted

    return at


class UnraidClient(ServiceClient):
    """An Unraid API client: one fixed GraphQL document per call, the key in ``x-api-key``."""

    api_key_header = "x-api-key"

    def unauthorized_hint(self, response: httpx.Response) -> str:
        return f"Unraid refused the API key: {KEY_HELP}"

    def forbidden_hint(self, response: httpx.Response) -> str:
        return (
            "Unraid's API key may not read this: give it the Viewer role, or read permission "
            "on INFO, ARRAY, DOCKER and VMS"
        )

    async def query(
        self,
        document: str,
        model: type[T],
        *,
        tolerate: Callable[[GraphQLError], bool] | None = None,
    ) -> tuple[T | None, list[GraphQLError]]:
        """``document``'s ``data`` as ``model``, and the errors ``tolerate`` let through (a
        field the service could not resolve, which it answers as null). A refusal is
        UNAUTHORIZED or FORBIDDEN whatever ``tolerate`` says; any other error is
        UPSTREAM_ERROR; an answer with neither ``data`` nor errors is INVALID_RESPONSE. The
        data is None only when a tolerated error nulled all of it."""
        response = await self.request(
            "POST", GRAPHQL_PATH, json={"query": document}, expect=(200, 400)
        )
        if response.status_code == 400:
            # Apollo answers a document it cannot parse or validate with 400 and the errors;
            # any other 400 (a proxy's page) is the status's own failure
            refused = self.try_parse(response, Answer)
            if refused is None or not refused.errors:
                raise await self.failure(response)
            answer = refused
        else:
            answer = self.parse(response, Answer)
        errors = answer.errors or []
        self.raise_refusals(response, errors)
        failed = [e for e in errors if tolerate is None or not tolerate(e)]
        if failed:
            raise self.upstream_error(response, failed[0])
        tolerated = errors
        if answer.data is None:
            if tolerated:
                return None, tolerated
            raise IntegrationError(
                ErrorCode.INVALID_RESPONSE,
                "the answer has no GraphQL data: is the URL Unraid's?",
                status=response.status_code,
                url=response.url,
            )
        return self.validate(response, answer.data, model), tolerated

    async def data(self, document: str, model: type[T]) -> T:
        """``document``'s ``data`` as ``model``; every GraphQL error raises."""
        data, _ = await self.query(document, model)
        assert data is not None  # nothing was tolerated
        return data

    def raise_refusals(self, response: httpx.Response, errors: list[GraphQLError]) -> None:
        """A refused key before a refused permission: a wrong key refuses every field."""
        codes = [refusal_of(e) for e in errors]
        if ErrorCode.UNAUTHORIZED in codes:
            raise IntegrationError(
                ErrorCode.UNAUTHORIZED,
                self.unauthorized_hint(response),
                status=response.status_code,
                url=response.url,
            )
        if ErrorCode.FORBIDDEN in codes:
            where = self.detail(path_of(errors[codes.index(ErrorCode.FORBIDDEN)]))
            raise IntegrationError(
                ErrorCode.FORBIDDEN,
                f"Unraid's API key may not read {where}: give it the Viewer role, or read "
                "permission on INFO, ARRAY, DOCKER and VMS",
                status=response.status_code,
                url=response.url,
            )

    def upstream_error(self, response: httpx.Response, error: GraphQLError) -> IntegrationError:
        words = self.detail(error.message)
        code = error.extensions.code if error.extensions else None
        if code == "GRAPHQL_VALIDATION_FAILED" or UNKNOWN_FIELD.search(error.message):
            message = (
                "this Unraid API does not know Tilewire's query (it needs API 4.16 or later: "
                f"update Unraid, or the Unraid Connect plugin): {words}"
            )
        else:
            message = f"Unraid could not answer {self.detail(path_of(error))}: {words}"
        return IntegrationError(
            ErrorCode.UPSTREAM_ERROR, message, status=response.status_code, url=response.url
        )
