from collections.abc import Iterator

import pytest

from tests.support.demo import Demo, registered


@pytest.fixture
def demo() -> Iterator[Demo]:
    with registered() as integration:
        yield integration
