"""Tests that sibling integrations share, run on each one's own recorded fixtures: a test class
per integration subclasses a contract; its module's ``config`` makes the clients.

``KeyHeaderContract``: Bazarr and Prowlarr (an API key in ``X-Api-Key`` and the failures around
it). ``RecordedFailuresContract``: Plex and Tautulli (a web page, no API, a server error)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

import httpx
import pytest

from integrations.errors import ErrorCode, IntegrationError
from integrations.registry import registry
from tests.integrations.upstream import (
    FakeUpstream,
    needs_header,
    no_secret_in,
    refusal,
    secret_check,
)

KEY = "fixture-api-key"
WRONG_KEY = "wrong-api-key"
assert_no_secret = secret_check(KEY)


def fake_app(
    integration_id: str,
    api: dict[tuple[str, str], Any],
    routes: dict[tuple[str, str], Any] | None = None,
) -> FakeUpstream:
    """The app's rule over the transcribed answers: no right ``X-Api-Key``, 401."""
    refuse = needs_header(integration_id, "x-api-key", KEY, "wrong_api_key")
    return FakeUpstream(integration_id, {**api, **(routes or {})}, refuse=refuse)


class KeyHeaderContract:
    ID: ClassVar[str]
    BASE: ClassVar[str]
    API: ClassVar[dict[tuple[str, str], str]]
    """The routes of the app's fixtures; the first is the connection test's."""
    ENDPOINTS: ClassVar[tuple[str, ...]]
    FAILING: ClassVar[tuple[tuple[str, str], str]]
    """A route answering 500, and the endpoint that reads it."""

    def fake(self, routes: dict[tuple[str, str], Any] | None = None) -> FakeUpstream:
        return fake_app(self.ID, self.API, routes)

    def pytest_generate_tests(self, metafunc: pytest.Metafunc) -> None:
        if "endpoint_id" in metafunc.fixturenames:
            metafunc.parametrize("endpoint_id", [None, *self.ENDPOINTS])

    async def test_wrong_api_key_is_unauthorized(
        self, make_client: Callable[..., Any], endpoint_id: str | None
    ) -> None:
        err = await refusal(self.ID, make_client(self.fake(), secret=WRONG_KEY), endpoint_id)
        assert (err.code, err.status) == (ErrorCode.UNAUTHORIZED, 401)
        assert "API key" in err.message
        assert_no_secret(err, WRONG_KEY)

    @pytest.mark.parametrize("name", ["not_that_service", "other_json"])
    async def test_another_service_is_invalid_response(
        self, make_client: Callable[..., Any], name: str
    ) -> None:
        client = make_client(FakeUpstream(self.ID, dict.fromkeys(self.API, name)))
        for endpoint_id in (None, *self.ENDPOINTS):
            err = await refusal(self.ID, client, endpoint_id)
            assert (err.code, err.status) == (ErrorCode.INVALID_RESPONSE, 200)
            assert_no_secret(err)

    async def test_no_api_at_url_is_not_found(self, make_client: Callable[..., Any]) -> None:
        err = await refusal(self.ID, make_client(FakeUpstream(self.ID, {})))
        assert (err.code, err.status) == (ErrorCode.NOT_FOUND, 404)
        assert err.url == f"{self.BASE}{next(iter(self.API))[1]}"

    async def test_server_error_is_upstream_error(self, make_client: Callable[..., Any]) -> None:
        route, endpoint_id = self.FAILING
        upstream = self.fake({route: httpx.Response(500, text="Internal Server Error")})
        with pytest.raises(IntegrationError) as caught:
            await registry.get(self.ID).fetch_data(make_client(upstream), endpoint_id)
        assert (caught.value.code, caught.value.status) == (ErrorCode.UPSTREAM_ERROR, 500)
        assert caught.value.url == f"{self.BASE}{route[1]}"  # the query string is left out
        assert_no_secret(caught.value)


class RecordedFailuresContract:
    ID: ClassVar[str]
    BASE: ClassVar[str]
    CONNECTION_PATH: ClassVar[str]
    """What the connection test reads."""
    SECRETS: ClassVar[tuple[str, ...]]

    def failing(self) -> tuple[FakeUpstream, str]:
        """An upstream one of whose endpoints answers 500, and that endpoint."""
        raise NotImplementedError

    async def test_html_page_is_invalid_response(self, make_client: Callable[..., Any]) -> None:
        upstream = FakeUpstream(self.ID, {("GET", self.CONNECTION_PATH): "not_that_service"})
        err = await refusal(self.ID, make_client(upstream))
        assert err.code is ErrorCode.INVALID_RESPONSE
        assert err.message.startswith("the response is not JSON")
        no_secret_in(err, *self.SECRETS)

    async def test_no_api_at_url_is_not_found(self, make_client: Callable[..., Any]) -> None:
        err = await refusal(self.ID, make_client(FakeUpstream(self.ID, {})))
        assert (err.code, err.status) == (ErrorCode.NOT_FOUND, 404)
        assert err.url == f"{self.BASE}{self.CONNECTION_PATH}"
        no_secret_in(err, *self.SECRETS)

    async def test_server_error_is_upstream_error(self, make_client: Callable[..., Any]) -> None:
        upstream, endpoint_id = self.failing()
        err = await refusal(self.ID, make_client(upstream), endpoint_id)
        assert (err.code, err.status) == (ErrorCode.UPSTREAM_ERROR, 500)
        no_secret_in(err, *self.SECRETS)
