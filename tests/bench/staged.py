"""Where tests find the staged public benchmarks, and the mark that skips a test (with the path) when absent."""

from __future__ import annotations

import pytest

from bench.shared import BENCHMARKS

ITC2007 = BENCHMARKS / "itc2007"
FET_EXAMPLES = BENCHMARKS / "fet" / "examples"

needs_itc2007 = pytest.mark.skipif(not ITC2007.is_dir(), reason=f"ITC-2007 benchmarks not staged at {ITC2007}")
needs_fet_examples = pytest.mark.skipif(not FET_EXAMPLES.is_dir(), reason=f"FET examples not staged at {FET_EXAMPLES}")
