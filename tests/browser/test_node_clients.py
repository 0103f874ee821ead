"""Without Node.js the npm-client tests skip, saying why, or fail where services are required."""

from __future__ import annotations

import pytest

from tests.browser import node_clients
from tests.support import node_packages
from tests.support.availability import REQUIRE_ENV


@pytest.mark.parametrize(
    ("required", "outcome"), [("", pytest.skip.Exception), ("1", pytest.fail.Exception)]
)
def test_missing_npm_skips_or_fails_when_required(
    monkeypatch: pytest.MonkeyPatch, required: str, outcome: type[BaseException]
) -> None:
    monkeypatch.setattr(node_packages.shutil, "which", lambda name: None)
    monkeypatch.setenv(REQUIRE_ENV, required)
    with pytest.raises(outcome, match=r"Node\.js and npm"):
        node_clients.install_node_clients()
