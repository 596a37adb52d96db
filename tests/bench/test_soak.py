"""bench.soak runs end to end (a short soak) and ends with its summary line."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="needs PostgreSQL"),
]


def test_a_short_soak_prints_its_figures_and_no_error() -> None:
    run = subprocess.run([sys.executable, "-m", "bench.soak", "--seconds", "3", "--clients", "4"], cwd=ROOT,
                         capture_output=True, text=True, timeout=600)  # fmt: skip
    last = run.stdout.strip().splitlines()[-1]
    assert re.fullmatch(r"soak: \d+ req/s, p99 \d+ ms, 0 errors", last), run.stdout + run.stderr
    assert run.returncode == 0
