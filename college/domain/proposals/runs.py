"""A proposal run as a job, like a solve: start (returns at once), run on a worker with live progress, stop, read.

- ``start_run(term_id, user, community_id=None, openings=…, time_limit=…) -> ProposalJob``: over the communities the
  user may change (or one of them); refused (``WorkflowError``) without a published timetable, or while the same
  user's run of the term is active;
- ``run(job_id, worker=None) -> ProposalJob``: the task body; saves the proposals in one transaction and marks the
  open proposals of earlier runs in the same communities superseded;
- ``stop_run(job_id)``, ``visible_runs(user, term_id)``, ``refresh_run(job_id)``.
"""

from __future__ import annotations

import logging
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from college.domain.access import changeable_communities, scope_of
from college.domain.errors import WorkflowError
from college.domain.proposals.inputs import demand_for, published
from college.domain.solving import queue
from college.domain.solving.jobs import time_limit_from
from college.domain.solving.monitor import Monitor
from college.domain.solving.states import claim, finish, reap_stale_jobs
from college.models import (
    Activity,
    Community,
    Decision,
    JobStatus,
    Proposal,
    ProposalJob,
    Resident,
    Teacher,
    Term,
    Venue,
)
from scheduler.options import SolveOptions
from scheduler.propose import Demand, Proposals, propose
from scheduler.solution import Status

logger = logging.getLogger(__name__)

MAX_OPENINGS = 100
DEFAULT_OPENINGS = 10


def openings_from(raw: str | int | None) -> int:
    """New groups a run may propose: a whole number from 1 to ``MAX_OPENINGS`` (none or blank: the default)."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return DEFAULT_OPENINGS
    text = str(raw).strip()
    if not text.isdigit() or not 1 <= int(text) <= MAX_OPENINGS:
        raise WorkflowError(
            _("The number of new groups must be a whole number from 1 to %(max)d, not “%(value)s”.")
            % {"max": MAX_OPENINGS, "value": raw}
        )
    return int(text)


def start_run(
    term_id: int,
    user: Any,
    *,
    community_id: int | None = None,
    openings: str | int | None = None,
    time_limit: str | float | None = None,
    enqueue: bool = True,
) -> ProposalJob:
    scope = scope_of(user)
    if not scope.is_coordinator or (community_id is not None and not scope.may_change(community_id)):
        raise PermissionDenied("Only coordinators may ask for proposals, and only in their communities.")
    term = Term.objects.get(pk=term_id)
    count = openings_from(openings)
    limit = time_limit_from(time_limit)
    if published(term_id) is None:
        raise WorkflowError(_("Publish a timetable of %(term)s first: proposals fit around it.") % {"term": term})
    communities = changeable_communities(user)
    if community_id is not None:
        communities = communities.filter(pk=community_id)
    reap_stale_jobs(term_id)
    try:
        with transaction.atomic():
            job = ProposalJob.objects.create(term=term, created_by=user, openings=count, time_limit=limit)
            job.communities.set(communities)
    except IntegrityError:
        raise WorkflowError(
            _("Your proposal run of %(term)s is still going: wait for it or stop it first.") % {"term": term}
        ) from None
    if enqueue:
        transaction.on_commit(partial(_enqueue, job.pk))
    return job


def _enqueue(job_id: int) -> None:
    try:
        queue.enqueue("propose_term", job_id)
    except Exception as error:
        message = _("The run could not be handed to a worker: %(error)s") % {"error": error}
        finish(job_id, JobStatus.FAILED, from_status=JobStatus.QUEUED, row=ProposalJob, message=message)
        raise WorkflowError(message) from error


def visible_runs(user: Any, term_id: int) -> QuerySet[ProposalJob]:
    """The term's runs over at least one community the user may change."""
    runs = ProposalJob.objects.filter(term_id=term_id)
    scope = scope_of(user)
    if not scope.district:
        runs = runs.filter(communities__in=scope.community_ids).distinct()
    return runs.select_related("created_by")


def refresh_run(job_id: int) -> ProposalJob:
    job = ProposalJob.objects.get(pk=job_id)
    if job.active:
        reap_stale_jobs(job.term_id)
        job.refresh_from_db()
    return job


def stop_run(job_id: int) -> ProposalJob:
    ProposalJob.objects.filter(pk=job_id).update(stop_requested=True)
    message = _("Stopped before it started.")
    finish(job_id, JobStatus.STOPPED, from_status=JobStatus.QUEUED, row=ProposalJob, message=message)
    return ProposalJob.objects.get(pk=job_id)


def run(job_id: int, *, worker: str | None = None) -> ProposalJob:
    """Run a queued proposal run to its end and save its proposals."""
    if not claim(ProposalJob, job_id, worker):
        return ProposalJob.objects.get(pk=job_id)
    job = ProposalJob.objects.select_related("term").get(pk=job_id)
    try:
        with Monitor(ProposalJob, job.pk, job.pk, 0, job=ProposalJob) as monitor:
            demand = demand_for(job)
            options = SolveOptions(
                time_limit=job.time_limit,
                workers=settings.SOLVER_WORKERS,
                on_progress=monitor.progress,
                stop=monitor.stop,
            )
            result = propose(demand, options)
    except Exception as error:
        logger.exception("proposal run %s failed", job_id)
        finish(job_id, JobStatus.FAILED, row=ProposalJob, message=_("The run failed: %(error)s") % {"error": error})
        raise
    _save(job, demand, result)
    return ProposalJob.objects.get(pk=job.pk)


def _save(job: ProposalJob, demand: Demand, result: Proposals) -> None:
    asked = ProposalJob.objects.filter(pk=job.pk, stop_requested=True).exists()
    stopped = result.status is Status.STOPPED or (asked and result.status is not Status.OPTIMAL)
    ids = _ids(result)
    try:
        _write(job, demand, result, ids, stopped)
    except _Abandoned:
        logger.warning("proposal run %s was no longer running when it finished; its proposals were discarded", job.pk)


class _Abandoned(Exception):
    """The run stopped being ``running`` (its worker was declared dead) while its proposals were being saved."""


def _write(job: ProposalJob, demand: Demand, result: Proposals, ids: dict[str, dict[str, int]], stopped: bool) -> None:
    with transaction.atomic():
        communities = list(job.communities.values_list("pk", flat=True))
        Proposal.objects.filter(
            job__term=job.term, job__created_at__lt=job.created_at, community__in=communities,
            decision=Decision.PENDING,
        ).update(decision=Decision.SUPERSEDED)  # fmt: skip
        made = Proposal.objects.bulk_create(
            Proposal(
                job=job,
                activity_id=ids["activity"][p.activity],
                community_id=ids["community"][p.community],
                teacher_id=ids["teacher"][p.tutor],
                venue_id=ids["venue"][p.room],
                weekdays=list(p.pattern.days),
                start=p.pattern.start,
                minutes=p.pattern.length,
                min_size=demand.activity[p.activity].min_size,
                max_size=demand.activity[p.activity].max_size,
                facilities=sorted(demand.activity[p.activity].facilities),
                served=p.served,
                wished=p.wished,
                sessions_left=p.sessions_left,
            )
            for p in result.proposals
        )
        Proposal.residents.through.objects.bulk_create(
            Proposal.residents.through(proposal_id=row.pk, resident_id=ids["resident"][r])
            for row, p in zip(made, result.proposals, strict=True)
            for r in p.residents
        )
        if not result.proposals:
            message = _("No new group can reach its minimum size with a free teacher and venue.")
        else:
            message = _("%(count)d proposals serve %(served)d residents.") % {
                "count": len(result.proposals),
                "served": result.served,
            }
        if not finish(
            job.pk, JobStatus.STOPPED if stopped else JobStatus.DONE, row=ProposalJob, objective=result.served,
            bound=result.bound, elapsed=round(result.seconds, 2), message=message,
        ):  # fmt: skip
            raise _Abandoned


def _ids(result: Proposals) -> dict[str, dict[str, int]]:
    """Database ids of the keys the proposals name."""
    keys: dict[str, set[str]] = {"activity": set(), "community": set(), "teacher": set(), "venue": set(),
                                 "resident": set()}  # fmt: skip
    for p in result.proposals:
        keys["activity"].add(p.activity)
        keys["community"].add(p.community)
        keys["teacher"].add(p.tutor)
        keys["venue"].add(p.room)
        keys["resident"].update(p.residents)
    models = {"activity": Activity, "community": Community, "teacher": Teacher, "venue": Venue, "resident": Resident}
    return {
        name: dict(model.objects.filter(key__in=keys[name]).values_list("key", "pk")) for name, model in models.items()
    }
