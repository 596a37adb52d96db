"""Solve jobs: start a background solve of a term (202 + the job's URL), watch its progress, stop it.

The workflow is ``college.domain.solving`` (the same calls as the pages and the ``solve`` command): one active
solve per term, a second is refused (409); a stopped solve keeps the best timetable found. Planning a term
needs every community it schedules (``college.domain.access.may_plan``).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from api.auth import caller
from api.common import (
    READ_ERRORS,
    WRITE_ERRORS,
    Id,
    Paged,
    PageIn,
    coordinator_scope,
    get_or_404,
    page_of,
    require_plan,
)
from api.errors import ApiError
from college.domain.errors import WorkflowError
from college.domain.problem.data_check import kept_check
from college.domain.reasons import described
from college.domain.solving import refresh_job, start_solve, stop_solve, time_limit_from
from college.domain.solving.bounds import bound_note
from college.models import JobStatus, SolveJob, Term

router = Router(tags=["solve jobs"])


class LinkOut(Schema):
    label: str
    url: str


class SentenceOut(Schema):
    """A sentence for coordinators, with links to the admin pages of what it names."""

    text: str
    links: list[LinkOut] = []


class ReasonOut(SentenceOut):
    """Why something cannot be timetabled: the sentence in the caller's language (``Accept-Language``), and the
    engine's reason it was made from (``code``, entity keys by kind, numbers; a core has ``parts``)."""

    code: str = ""
    ids: dict[str, list[str]] = {}
    numbers: dict[str, int] = {}
    parts: list[dict] = []


class JobOut(Schema):
    id: int
    term: int = Field(validation_alias="term_id")
    status: JobStatus
    created_at: dt.datetime
    started_at: dt.datetime | None
    finished_at: dt.datetime | None
    time_limit: float
    stop_requested: bool
    objective: float | None = Field(description="The best timetable's score so far (lower is better).")
    bound: float | None = Field(description="No timetable can score below this.")
    gap: float | None = Field(description="Relative gap between objective and bound; 0 = proven optimal.")
    bound_method: str = Field(
        description='Where the bound came from: "" proven by this solve, "lp" or "blocks" proven in the background.'
    )
    bound_note: str = Field(description="The same in one sentence of the caller's language; empty without a bound.")
    elapsed: float
    sessions_placed: int
    sessions_total: int
    message: str
    base: int | None = Field(validation_alias="base_id", description="The version the solve stays close to.")
    timetable: int | None = Field(validation_alias="timetable_id", description="The draft it saved, once done.")
    explanation: list[ReasonOut] = Field(description="Why no timetable exists (infeasible terms).")

    @staticmethod
    def resolve_bound_note(job: SolveJob) -> str:
        return bound_note(job)

    @staticmethod
    def resolve_explanation(job: SolveJob) -> list[dict]:
        return described(job.explanation) if isinstance(job.explanation, list) else []


class SolveIn(Schema):
    time_limit: float | None = Field(
        None,
        description=f"Seconds, more than 0 and at most {settings.SOLVE_MAX_TIME_LIMIT}; the site's default without it.",
    )
    from_version: Id | None = Field(
        None, description="A version (timetable id) of this term to stay close to; default: the published one."
    )
    afresh: bool = Field(False, description="Ignore earlier versions and solve from scratch.")


class JobFilters(PageIn):
    term: Id | None = None
    status: JobStatus | None = None


def job_url(job: SolveJob) -> str:
    return reverse("api:solve_job", kwargs={"id": job.pk})


@router.post(
    "/terms/{id}/solves",
    response={202: JobOut, **WRITE_ERRORS},
    summary="Start solving a term (returns at once; Location: the job)",
)
def start(request: HttpRequest, id: Id, payload: SolveIn, response: HttpResponse) -> Status:
    term = get_or_404(Term, pk=id)
    require_plan(request)
    if payload.from_version is not None and not term.timetables.filter(pk=payload.from_version).exists():
        raise ApiError(422, "invalid", _("This term has no such version."), field="from_version")
    try:
        time_limit = time_limit_from(payload.time_limit)
    except WorkflowError as error:
        raise ApiError(422, "invalid", str(error), field="time_limit") from None
    previous: dict[str, object] = {}
    if payload.afresh:
        previous["previous"] = None
    elif payload.from_version is not None:
        previous["previous"] = payload.from_version
    try:
        job = start_solve(term.pk, user_id=caller(request).user.pk, time_limit=time_limit, **previous)
    except WorkflowError as error:
        raise ApiError(409, "conflict", str(error)) from None
    response["Location"] = job_url(job)
    return Status(202, job)


@router.get("/solve-jobs", response={200: Paged[JobOut], **READ_ERRORS}, summary="List solve jobs")
def list_jobs(request: HttpRequest, filters: Query[JobFilters]) -> dict:
    coordinator_scope(request)
    found = SolveJob.objects.all()
    if filters.term is not None:
        found = found.filter(term_id=filters.term)
    if filters.status is not None:
        found = found.filter(status=filters.status)
    return page_of(found, filters)


@router.get(
    "/solve-jobs/{id}",
    response={200: JobOut, **READ_ERRORS},
    summary="A solve job's live progress",
    url_name="solve_job",
)
def get_solve_job(request: HttpRequest, id: Id) -> SolveJob:
    coordinator_scope(request)
    get_or_404(SolveJob, pk=id)
    return refresh_job(id)


@router.delete(
    "/solve-jobs/{id}", response={200: JobOut, **WRITE_ERRORS}, summary="Stop a solve (keeps the best timetable)"
)
def stop(request: HttpRequest, id: Id) -> SolveJob:
    job = get_or_404(SolveJob, pk=id)
    require_plan(request)
    if not job.active:
        raise ApiError(
            409, "conflict", _("This solve has already finished (%(status)s).") % {"status": job.get_status_display()}
        )
    return stop_solve(id)


@router.get(
    "/terms/{id}/data-check",
    response={200: list[ReasonOut], **READ_ERRORS},
    summary="Problems to fix before solving a term",
)
def check(request: HttpRequest, id: Id) -> list[dict]:
    """The engine's reasons carry their code, keys and numbers; the college's own findings are sentences."""
    coordinator_scope(request)
    term = get_or_404(Term, pk=id)
    return described(kept_check(term.pk))
