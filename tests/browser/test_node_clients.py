"""Without Node.js the tests that run npm packages (the GraphQL clients, ajv) skip, saying
why, or fail where services are required."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.browser import node_clients
from tests.integrations.test_config_schema_ajv import AJV_DIR
from tests.support import node_packages
from tests.support.availability import REQUIRE_ENV

INSTALLERS: dict[str, Callable[[], None]] = {
    "graphql clients": node_clients.install_node_clients,
    "ajv": lambda: node_packages.install_node_packages(AJV_DIR, "ajv"),
}


@pytest.mark.parametrize("installer", list(INSTALLERS))
@pytest.mark.parametrize(
    ("required", "outcome"), [("", pytest.skip.Exception), ("1", pytest.fail.Exception)]
)
def test_missing_npm_skips_or_fails_when_required(
    monkeypatch: pytest.MonkeyPatch, installer: str, required: str, outcome: type[BaseException]
) -> None:
    monkeypatch.setattr(node_packages.shutil, "which", lambda name: None)
    monkeypatch.setenv(REQUIRE_ENV, required)
    with pytest.raises(outcome, match=r"Node\.js and npm"):
        INSTALLERS[installer]()
