"""How to solve: one ``SolveOptions`` for ``scheduler.solver.solve``, and the engine's one default time limit."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Protocol

from scheduler.bounds.known import KnownBound
from scheduler.solution import ProgressCallback

DEFAULT_TIME_LIMIT = 30.0  # seconds: every solve of the engine that names none


class Stop(Protocol):
    """A threading or multiprocessing ``Event``: ``set()`` by the caller, at any time, ends the search."""

    def is_set(self) -> bool: ...

    def wait(self, timeout: float | None = None) -> bool: ...


@dataclass(frozen=True)
class SolveOptions:
    """``time_limit``: seconds for the whole call (in ``reproducible`` mode CP-SAT's deterministic time instead);
    ``workers``: search threads (a district: processes); ``seed``: the search's random seed; ``reproducible``: the
    same problem, seed and workers give the same timetable on any machine load; ``on_progress``: called with each
    better timetable; ``stop``: an event that ends the search, keeping the best timetable found; ``partial``: groups
    proven impossible (alone or together) are left out with their reason and the rest is timetabled
    (``Solution.left_out``), instead of the whole problem being infeasible; ``known_bound``: a bound proven apart
    (``bounds.reference``), reported when it is higher than the solve's own and bounds the very problem solved."""

    time_limit: float = DEFAULT_TIME_LIMIT
    workers: int = 2
    seed: int = 0
    reproducible: bool = False
    on_progress: ProgressCallback | None = None
    stop: Stop | threading.Event | None = None
    partial: bool = False
    known_bound: KnownBound | None = None

    def __post_init__(self) -> None:
        if not self.time_limit > 0:
            raise ValueError(f"time_limit={self.time_limit!r} must be more than 0 seconds")
        if self.workers < 1:
            raise ValueError(f"workers={self.workers!r} must be at least 1")
