"""A term's bound worked out once per change of its problem, in the background, and reported by every solve of it.

A short solve proves a weak bound of its own, so the gap a coordinator reads says the timetable may be far from
the best when it is close. ``bound_term`` (the ``bound_term`` task) builds the problem the next solve will solve,
and when the stored bound belongs to another problem (pins and previous placements aside: a bound of the inputs
holds for every re-plan of them, ``scheduler.bounds.known``) works one out for
``SOLVE_BOUND_TIME_LIMIT`` seconds (``scheduler.bounds.reference``) and keeps it with the problem's fingerprint. A
solve hands the stored bound to the engine, which reports it only when the problem it solves has that fingerprint.
The task is asked for when a solve saved its version (the workers are free again; the first solve of a term reports
its own bound) and when the data check sees the term's inputs changed; a task that finds its bound current, or a
solve of the term under way (a district's blocks need the workers), does nothing more.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from college.derived.models import ProblemBound
from college.domain.problem.prepare import prepare
from college.domain.solving import queue
from college.models import SolveJob
from college.models.jobs import ACTIVE_STATUSES
from scheduler import ProblemError
from scheduler.bounds.known import KnownBound, key
from scheduler.bounds.reference import reference_bound
from scheduler.search.partial import rest_of

logger = logging.getLogger(__name__)


def stored_bound(term_id: int) -> KnownBound | None:
    """The term's stored bound, for ``SolveOptions.known_bound`` (None: none stored, or none was found)."""
    row = ProblemBound.objects.filter(term_id=term_id, value__isnull=False).first()
    if row is None:
        return None
    return KnownBound(row.fingerprint, row.value, row.method, row.seconds)


def bound_term(term_id: int, seconds: float | None = None) -> ProblemBound | None:
    """Bring term ``term_id``'s bound up to date with the problem its next solve starts from (None: the term's data
    makes no problem, it has no group, or a solve of it is under way: its end asks again, and meanwhile the
    workers are its own)."""
    if SolveJob.objects.filter(term_id=term_id, status__in=ACTIVE_STATUSES).exists():
        return None
    try:
        problem = rest_of(prepare(term_id).problem)
    except ProblemError:
        return None  # the data check says why; no solve can start either
    if not problem.groups:
        return None
    current = key(problem)
    row = ProblemBound.objects.filter(term_id=term_id).first()
    if row is not None and row.fingerprint == current:
        return row
    known = reference_bound(problem, settings.SOLVE_BOUND_TIME_LIMIT if seconds is None else seconds, partial=False)
    found = dict(value=None, method="", seconds=0.0) if known is None else dict(
        value=known.value, method=known.method, seconds=known.seconds
    )  # fmt: skip
    row, _ = ProblemBound.objects.update_or_create(
        term_id=term_id, defaults=dict(fingerprint=current, computed_at=timezone.now(), **found)
    )
    return row


def bound_note(job: SolveJob) -> str:
    """Where a finished solve's bound came from, in one sentence of the active language."""
    if job.bound is None:
        return ""
    if job.bound_method == "lp":
        return _(
            "The bound was proven in the background for exactly this data (the linear relaxation with clique cuts), "
            "higher than what this solve proved in its time."
        )
    if job.bound_method == "blocks":
        return _(
            "The bound was proven in the background for exactly this data (each community alone, added up), "
            "higher than what this solve proved in its time."
        )
    return _("The bound is what this solve proved in its time.")


def want_bound(term_id: int) -> None:
    """Queue ``bound_term`` after the current transaction commits."""
    if settings.SOLVE_BOUND_TIME_LIMIT > 0:
        transaction.on_commit(lambda: _enqueue(term_id))


def _enqueue(term_id: int) -> None:
    try:
        queue.enqueue("bound_term", term_id)
    except Exception:  # a bound is a nicety: a queue that refuses it must not fail what asked for it
        logger.exception("the bound of term %s could not be queued", term_id)
