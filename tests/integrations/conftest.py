"""Fixtures of the integration tests: clients of the test module's integration (its ``ID``)
talking to a fake upstream, closed after each test."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest

from tests.integrations.upstream import Clients, FakeUpstream
from tests.live.services import ServiceInfo, ensure_service


@pytest.fixture
async def clients(request: pytest.FixtureRequest) -> AsyncIterator[Clients]:
    made = Clients(request.module.ID)
    yield made
    await made.aclose()


@pytest.fixture
def make_client(request: pytest.FixtureRequest, clients: Clients) -> Callable[..., Any]:
    """``make_client(upstream, ...)``: a client for the module's ``config(...)``. A module
    whose clients are configured otherwise defines its own ``make_client``."""

    def make(upstream: FakeUpstream, *args: Any, **kwargs: Any) -> Any:
        return clients(request.module.config(*args, **kwargs), upstream)

    return make


@pytest.fixture(scope="module")
def svc(request: pytest.FixtureRequest) -> ServiceInfo:
    """The real service of the live test module's integration (its folder's name), started on
    loopback if it is not running yet."""
    return ensure_service(Path(request.module.__file__).parent.name)
