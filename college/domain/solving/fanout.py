"""A district solve fanned out: the scheduler's block solves handed to task workers, gathered by the job.

``run_solve`` gives ``scheduler.solver.solve`` a ``TaskExecutor``. The district decomposition submits each block
solve when it is ready (round-0 blocks at once, a later block once its coupled neighbours are placed); the
executor records it as a ``SolvePart`` (the pickled call) and queues a ``solve_part`` task for it, which any
worker on any machine may take. While it waits, the job's own worker runs a part nobody has started within
``STEAL_AFTER`` seconds, so one worker alone never deadlocks and more workers finish sooner. The district code
then assembles the blocks' answers exactly as with local processes, and the job saves one verified draft.

Stop: every part's monitor reads the job's stop flag. A part whose worker dies goes stale like a job does:
the sweep marks it failed, the job's executor sees that, and the job fails with no timetable.
"""

from __future__ import annotations

import datetime as dt
import logging
import pickle
import threading
import time
from collections.abc import Callable
from concurrent.futures import Executor, Future
from typing import Any

from django.db import connections
from django.utils import timezone
from django.utils.translation import gettext as _

from college.domain.solving import queue
from college.domain.solving.monitor import Monitor
from college.domain.solving.states import claim, reap_stale_jobs
from college.models import JobStatus, SolveJob, SolvePart
from scheduler.district.job import watch_stop

logger = logging.getLogger(__name__)

POLL_EVERY = 0.2  # seconds between two looks at the parts of a job
STEAL_AFTER = 1.0  # seconds a part waits for another worker before the job's own worker runs it
SWEEP_EVERY = 2.0  # seconds between two sweeps for parts whose worker stopped beating
FINAL = (JobStatus.DONE, JobStatus.STOPPED, JobStatus.FAILED, JobStatus.INFEASIBLE)


class PartFailed(RuntimeError):
    """A block solve failed on its worker (the message says why)."""


class TaskExecutor(Executor):
    """A ``concurrent.futures`` executor whose calls run as ``solve_part`` tasks on the task workers."""

    def __init__(self, job: SolveJob, slots: int) -> None:
        self.job_id, self.term_id, self.worker, self.slots = job.pk, job.term_id, job.worker, slots
        self._swept = time.monotonic()
        self._futures: dict[int, Future] = {}
        self._lock = threading.Lock()
        self._closing = threading.Event()
        self._index = 0
        self._poller = threading.Thread(target=self._poll, name=f"parts-of-job-{job.pk}", daemon=True)

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future:
        block_job = args[0] if args else None
        own = sorted(getattr(block_job, "own", ()))
        problem = getattr(block_job, "problem", None)
        part = SolvePart.objects.create(
            job_id=self.job_id,
            index=self._index,
            groups=own,
            sessions_total=sum(problem.group[g].sessions for g in own) if problem is not None else 0,
            payload=pickle.dumps((fn, args, kwargs), protocol=pickle.HIGHEST_PROTOCOL),
        )
        self._index += 1
        future: Future = Future()
        with self._lock:
            self._futures[part.pk] = future
        queue.enqueue("solve_part", part.pk)
        if not self._poller.is_alive():
            self._poller.start()
        return future

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        self._closing.set()
        if self._poller.is_alive():
            self._poller.join()

    def _poll(self) -> None:
        try:
            while not self._closing.is_set():
                self._collect()
                if not self._steal():
                    self._closing.wait(POLL_EVERY)
        except Exception as error:  # the job's thread waits on the futures: never leave them hanging
            logger.exception("watching the parts of solve job %s failed", self.job_id)
            with self._lock:
                for future in self._futures.values():
                    future.set_exception(error)
                self._futures.clear()
        finally:
            connections.close_all()

    def _collect(self) -> None:
        with self._lock:
            waiting = list(self._futures)
        if not waiting:
            return
        if time.monotonic() - self._swept > SWEEP_EVERY:  # a part whose worker died must not be awaited forever
            self._swept = time.monotonic()
            reap_stale_jobs(self.term_id)
        rows = SolvePart.objects.filter(pk__in=waiting, status__in=FINAL).values_list(
            "pk", "status", "outcome", "message"
        )
        for pk, status, outcome, message in rows:
            with self._lock:
                future = self._futures.pop(pk)
            if status == JobStatus.DONE and outcome is not None:
                future.set_result(pickle.loads(bytes(outcome)))
            else:
                future.set_exception(PartFailed(message or status))

    def _steal(self) -> bool:
        """Run here one part that no worker has started for ``STEAL_AFTER`` seconds; True when one ran."""
        waited = timezone.now() - dt.timedelta(seconds=STEAL_AFTER)
        queued = SolvePart.objects.filter(job_id=self.job_id, status=JobStatus.QUEUED, created_at__lt=waited)
        pk = queued.order_by("index").values_list("pk", flat=True).first()
        if pk is None:
            return False
        run_part(pk, worker=self.worker)
        return True


def run_part(part_id: int, *, worker: str | None = None) -> SolvePart:
    """Make one part's call on this worker and store its answer (or why it failed)."""
    part = SolvePart.objects.select_related("job").get(pk=part_id)
    if part.job.status != JobStatus.RUNNING or not claim(SolvePart, part_id, worker):
        SolvePart.objects.filter(pk=part_id, status=JobStatus.QUEUED).update(status=JobStatus.STOPPED)
        return SolvePart.objects.get(pk=part_id)
    try:
        fn, args, kwargs = pickle.loads(bytes(part.payload))
        with Monitor(SolvePart, part.pk, part.job_id, part.sessions_total) as monitor:
            watch_stop(monitor.stop)  # the block solve watches the job's stop request
            outcome = fn(*args, **kwargs)
    except Exception as error:
        logger.exception("part %s of solve job %s failed", part_id, part.job_id)
        message = _("Part %(index)d failed: %(error)s") % {"index": part.index, "error": error}
        SolvePart.objects.filter(pk=part_id).update(
            status=JobStatus.FAILED, finished_at=timezone.now(), message=message
        )
        raise
    SolvePart.objects.filter(pk=part_id, status=JobStatus.RUNNING).update(
        status=JobStatus.DONE,
        finished_at=timezone.now(),
        outcome=pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL),
        objective=getattr(outcome, "objective", None),
        bound=getattr(outcome, "bound", None),
        sessions_placed=len(getattr(outcome, "assignments", ())),
        elapsed=round(monitor.elapsed, 2),
    )
    return SolvePart.objects.get(pk=part_id)
