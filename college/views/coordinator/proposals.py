"""New groups from unmet demand (接单): start a proposal run, watch it, accept or decline its proposals, register
the groups taken on (报备). A coordinator sees and changes only the proposals of their own communities."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from college.domain.access import changeable_communities, scope_of
from college.domain.errors import WorkflowError
from college.domain.proposals import decisions, runs
from college.domain.proposals.inputs import published
from college.domain.proposals.reasons import reason, when
from college.models import Decision, Proposal, ProposalJob, Term
from college.views.coordinator.access import coordinator_required
from college.views.coordinator.jobs import progress_json


def _visible(request: HttpRequest, job_id: int) -> ProposalJob:
    job = runs.visible_runs(request.user, get_object_or_404(ProposalJob, pk=job_id).term_id).filter(pk=job_id).first()
    if job is None:
        raise Http404("No such proposal run among your communities.")
    return job


def _rows(proposals: list[Proposal]) -> list[dict[str, object]]:
    return [{"p": p, "reason": reason(p), "when": when(p)} for p in proposals]


def page_context(request: HttpRequest, term: Term, **extra: object) -> dict[str, object]:
    scope = scope_of(request.user)
    mine = runs.visible_runs(request.user, term.pk)
    job = mine.filter(created_by=request.user).first() or mine.first()
    shown = Proposal.objects.select_related("activity", "community", "teacher", "venue", "group")
    if not scope.district:
        shown = shown.filter(community__in=scope.community_ids)
    latest = list(shown.filter(job=job).order_by("-served", "pk")) if job else []
    taken = list(shown.filter(job__term=term, decision=Decision.ACCEPTED).order_by("-decided_at"))
    return {
        "nav": "coordinate",
        "term": term,
        "job": job,
        "published": published(term.pk),
        "proposals": _rows(latest),
        "taken": _rows(taken),
        "communities": changeable_communities(request.user),
        "openings": runs.DEFAULT_OPENINGS,
        "max_openings": runs.MAX_OPENINGS,
        **extra,
    }


@require_safe
@coordinator_required
def proposals_page(request: HttpRequest, key: str) -> HttpResponse:
    term = get_object_or_404(Term, key=key)
    return render(request, "college/coordinator/proposals.html", page_context(request, term))


@require_POST
@coordinator_required
def start(request: HttpRequest, key: str) -> HttpResponse:
    term = get_object_or_404(Term, key=key)
    raw = request.POST.get("community", "")
    if raw and not raw.isdigit():
        return render(request, "college/coordinator/proposals.html",
                      page_context(request, term, start_error=_community_refused()), status=400)  # fmt: skip
    try:
        runs.start_run(
            term.pk,
            request.user,
            community_id=int(raw) if raw else None,
            openings=request.POST.get("openings"),
            time_limit=request.POST.get("time_limit"),
        )
    except WorkflowError as error:
        context = page_context(request, term, start_error=str(error))
        return render(request, "college/coordinator/proposals.html", context, status=400)
    return redirect(reverse("pages:proposals", args=[term.key]) + "#run")


def _community_refused() -> str:
    return _("Choose one of your communities, or all of them.")


@never_cache
@require_safe
@coordinator_required
def progress(request: HttpRequest, pk: int) -> JsonResponse:
    job = _visible(request, pk)
    return JsonResponse(progress_json(runs.refresh_run(job.pk)))


@require_POST
@coordinator_required
def stop(request: HttpRequest, pk: int) -> HttpResponse:
    job = _visible(request, pk)
    if job.created_by_id != request.user.pk and not scope_of(request.user).district:
        raise PermissionDenied("Only who started a proposal run (or a district coordinator) may stop it.")
    job = runs.stop_run(job.pk)
    if "application/json" in request.headers.get("Accept", ""):
        return JsonResponse(progress_json(job))
    return redirect(reverse("pages:proposals", args=[job.term.key]) + "#run")


def _decide(request: HttpRequest, pk: int, action) -> HttpResponse:
    proposal = get_object_or_404(Proposal.objects.select_related("job__term"), pk=pk)
    try:
        action(request.user, proposal.pk)
    except WorkflowError as error:
        messages.error(request, str(error))
    return redirect(reverse("pages:proposals", args=[proposal.job.term.key]) + f"#proposal-{proposal.pk}")


@require_POST
@coordinator_required
def accept(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, decisions.accept)


@require_POST
@coordinator_required
def decline(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, decisions.decline)


@require_POST
@coordinator_required
def register(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, decisions.register)
