from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """A request with Accept-Language leaves its language active in the thread: start each test afresh."""
    translation.deactivate()
    yield
    translation.deactivate()
