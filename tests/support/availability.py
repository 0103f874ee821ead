"""Skip-or-fail for tests that need something outside the process (a live service, a database).

Locally a missing service skips the test with a reason. CI sets ``TILEWIRE_REQUIRE_SERVICES=1``:
there every service is expected to exist, so the same condition fails the test instead of
silently skipping it.
"""

from __future__ import annotations

import os
from typing import NoReturn

import pytest

REQUIRE_ENV = "TILEWIRE_REQUIRE_SERVICES"


def services_required() -> bool:
    return os.environ.get(REQUIRE_ENV) == "1"


def unavailable(reason: str) -> NoReturn:
    """Skip the current test, or fail it when ``TILEWIRE_REQUIRE_SERVICES=1``."""
    if services_required():
        pytest.fail(f"{reason} ({REQUIRE_ENV}=1)", pytrace=False)
    pytest.skip(reason)
