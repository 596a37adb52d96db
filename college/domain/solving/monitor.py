"""The watch kept over a running solve: heartbeat, throttled progress, and the coordinator's stop request.

A thread beside the solver writes the best objective, bound, elapsed time and a heartbeat to the job's row
(or a part's) every ``PROGRESS_EVERY`` seconds, and reads the job's ``stop_requested`` flag. When the flag
is set, or the row is no longer ``running`` (a stale-job sweep declared the worker dead), it sets the
``threading.Event`` the solver watches, and the solve ends keeping the best timetable found so far.
The solver's progress callback only records the latest figures in memory: no database work on its thread.
"""

from __future__ import annotations

import multiprocessing
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from types import TracebackType

from django.db import close_old_connections, connections
from django.utils import timezone

from college.models import JobStatus, ProposalJob, SolveJob, SolvePart
from scheduler.solution import Progress

PROGRESS_EVERY = 0.5  # seconds between two writes of progress and heartbeat


@dataclass
class Figures:
    """The latest progress of one solve, kept in memory between two writes."""

    objective: float | None = None
    bound: float | None = None
    placed: int = 0


class Monitor:
    """``with Monitor(row, job_id, sessions) as m: solve(..., on_progress=m.progress, stop=m.stop)``; ``job`` is the
    model whose row holds the stop request (a solve's, or a proposal run's)."""

    def __init__(
        self,
        row: type[SolveJob] | type[SolvePart] | type[ProposalJob],
        pk: int,
        job_id: int,
        sessions: int,
        on_progress: Callable[[Progress], None] | None = None,
        job: type[SolveJob] | type[ProposalJob] = SolveJob,
    ) -> None:
        self.row, self.pk, self.job_id, self.sessions, self.job = row, pk, job_id, sessions, job
        self.on_progress = on_progress
        self.stop = multiprocessing.get_context("spawn").Event()  # also reaches a district solve's processes
        self.figures = Figures()
        self.began = time.perf_counter()
        self._lock = threading.Lock()
        self._done = threading.Event()
        self._written: Figures | None = None
        self._thread = threading.Thread(target=self._run, name=f"monitor-{row.__name__}-{pk}", daemon=True)

    def __enter__(self) -> Monitor:
        self._thread.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        self._done.set()
        self._thread.join()

    @property
    def elapsed(self) -> float:
        return time.perf_counter() - self.began

    def progress(self, p: Progress) -> None:
        """The solver's callback: remember the improving timetable's figures (written by the thread).

        A district solve reports its bound before it has a whole timetable: objective -1 means "none yet".
        """
        with self._lock:
            if p.objective < 0:
                self.figures = Figures(self.figures.objective, float(p.bound), self.figures.placed)
            else:
                placed = self.sessions if p.placed is None else p.placed  # a partial solve left groups out
                self.figures = Figures(float(p.objective), float(p.bound), placed)
        if self.on_progress is not None:
            self.on_progress(p)

    def _run(self) -> None:
        try:
            while not self._done.wait(PROGRESS_EVERY):
                if not self.beat():
                    self.stop.set()
        finally:
            connections.close_all()  # this thread's connections only

    def beat(self) -> bool:
        """Write heartbeat and progress; False when the solve should stop (stop request, or no longer running)."""
        close_old_connections()
        with self._lock:
            figures = self.figures
        fields: dict[str, object] = {"heartbeat": timezone.now(), "elapsed": round(self.elapsed, 2)}
        if figures != self._written:
            fields.update(objective=figures.objective, bound=figures.bound, sessions_placed=figures.placed)
        alive = self.row.objects.filter(pk=self.pk, status=JobStatus.RUNNING).update(**fields) == 1
        if alive:
            self._written = figures
        stop = self.job.objects.filter(pk=self.job_id).values_list("stop_requested", "status").first()
        return alive and stop is not None and not stop[0] and stop[1] == JobStatus.RUNNING
