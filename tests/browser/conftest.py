"""Fixtures of the browser-client tests."""

from __future__ import annotations

import pytest

from tests.browser.node_clients import install_node_clients


@pytest.fixture(scope="session")
def node_clients() -> None:
    """The npm clients are installed (or the test skips, or fails in CI, saying why)."""
    install_node_clients()
