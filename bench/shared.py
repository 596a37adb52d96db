"""Where the public benchmarks are staged: ``../shared/benchmarks/`` next to the repository (never copied in).

The first ``shared/benchmarks`` found from the repository's parent upwards is used, so a git worktree nested
one level deeper finds the same files as the main checkout; ``KEBIAO_BENCHMARKS`` overrides the search.
"""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _find() -> Path:
    if os.environ.get("KEBIAO_BENCHMARKS"):
        return Path(os.environ["KEBIAO_BENCHMARKS"])
    for parent in REPO.parents:
        candidate = parent / "shared" / "benchmarks"
        if candidate.is_dir():
            return candidate
    return REPO.parent / "shared" / "benchmarks"


BENCHMARKS = _find()


def benchmark_file(*parts: str) -> Path:
    """A staged benchmark file; a clear error naming the path when it is absent."""
    path = BENCHMARKS.joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(f"benchmark file {path} is missing: the benchmarks are staged in {BENCHMARKS}")
    return path
