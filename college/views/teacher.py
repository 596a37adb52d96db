"""A teacher's own page, opened with their private link (no password): their sessions, where and with whom."""

from __future__ import annotations

from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from college.domain.calendar import feed_links
from college.domain.calendar.dates import coming_weeks, meetings
from college.domain.errors import WorkflowError
from college.domain.proposals import decisions
from college.domain.proposals.reasons import when
from college.domain.versions.week import WeekFilter, public_timetable, week_grid, week_sessions
from college.models import Category, InterestGroup, InterestKind, Proposal, Teacher
from college.views.private import private_response


@require_safe
def teacher_page(request: HttpRequest, token: str) -> HttpResponse:
    teacher = Teacher.by_feed_token(token)
    if teacher is None:
        raise Http404("Unknown or renewed link.")
    timetable = public_timetable()
    sessions = week_sessions(timetable, WeekFilter(teacher=teacher.pk)) if timetable else []
    enrolled = dict(
        InterestGroup.objects.filter(pk__in={s.group_id for s in sessions})
        .annotate(n=Count("interests", filter=Q(interests__kind=InterestKind.ENROLLED)))
        .values_list("pk", "n")
    )
    found = meetings(sessions)
    today = timezone.localdate()
    context = {
        "private_page": True,
        "teacher": teacher,
        "timetable": timetable,
        "term": timetable.term if timetable else None,
        "sessions": [(s, enrolled.get(s.group_id, 0), found[s.pk]) for s in sessions],
        "weeks": coming_weeks(found, today),
        "today": today,
        "grid": week_grid(sessions),
        "categories": list(Category.choices),
        "links": feed_links("teacher", token),
        "token": token,
        "proposals": [(p, when(p)) for p in decisions.for_teacher(teacher.pk)],
    }
    return private_response(render(request, "college/public/teacher.html", context))


@require_POST
def answer_proposal(request: HttpRequest, token: str, pk: int) -> HttpResponse:
    """The teacher takes a proposed group on (接单) or declines it, from their private page."""
    teacher = Teacher.by_feed_token(token)
    if teacher is None:
        raise Http404("Unknown or renewed link.")
    choice = request.POST.get("answer")
    if choice not in ("accept", "decline"):
        return private_response(HttpResponseBadRequest(_("Choose to take the group on or to decline it.")))
    try:
        decisions.answer(teacher.pk, pk, takes_it=choice == "accept")
    except Proposal.DoesNotExist:
        raise Http404("No such proposal for this teacher.") from None
    except WorkflowError as error:
        return private_response(HttpResponseBadRequest(str(error)))
    return private_response(redirect(reverse("pages:teacher", args=[token]) + "#proposals"))
