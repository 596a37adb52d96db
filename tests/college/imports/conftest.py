from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    translation.deactivate()
    yield
    translation.deactivate()
