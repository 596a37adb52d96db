"""Before solving: problems in a term's data that a coordinator can fix, as sentences with admin links.

Counting and matching only, no solver: a venue with no opening hours, a group no venue suits, a group whose
teacher and suitable venues are never free together (or on too few days), a teacher asked for more
sessions than allowed or than free slots, a pin that cannot be kept. Absences and closures are applied, so
a re-plan is checked as it will be solved. An empty list means the solver can start.

Residents and their survey are never read: nothing here depends on them. ``checked_data`` keeps the findings
per term and language with a fingerprint of the planning inputs (``inputs.planning_fingerprint``) and
recomputes them only when it changes, so the dashboard of a district answers without rebuilding its problem.
"""

from __future__ import annotations

from collections import defaultdict

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import pgettext_lazy

from college.derived.models import DataCheck
from college.domain.explanations import Finding, link
from college.domain.problem.inputs import planning_fingerprint
from college.domain.problem.prepare import prepare
from college.models import Facility, InterestGroup, Teacher, Term, Venue, VenueOpening
from college.models.fields import format_minutes
from scheduler import Group, Problem, ProblemError
from scheduler.model.candidates import Candidates

_LIST = pgettext_lazy("between the names of a list", ", ")  # 、 in Chinese
NO_HOURS_CLOSED = _lazy(
    "Venue %(venue)s is closed on every day it opens (see its venue closures): no session can take place there."
)
NO_HOURS = _lazy(
    "Venue %(venue)s has no opening hours: add its weekly opening windows, or no session can take place there."
)
NO_VENUE = _lazy(
    "%(group)s needs a venue in %(where)s with %(need)s, and none has all of that: "
    "add or equip a venue, or change the group's size or needs."
)
TEACHER_NEVER = _lazy(
    "Teacher %(teacher)s is not available for a whole %(minutes)d-minute session at any start time "
    "of the term (%(starts)s): add availability windows, or give %(group)s another teacher."
)
NEVER_TOGETHER = _lazy(
    "No venue that suits %(group)s is open while its teacher %(teacher)s is available: "
    "widen the teacher's availability or the venues' opening hours."
)
TOO_FEW_DAYS = _lazy(
    "%(group)s meets %(sessions)d times a week on different days, but its teacher %(teacher)s "
    "and a suitable venue are free together on just %(days)d of the seven weekdays."
)
OVER_MAX = _lazy(
    "Teacher %(teacher)s must teach %(need)d sessions a week (%(groups)s) but may teach at most %(max)d: "
    "raise the maximum or give a group another teacher."
)
TOO_FEW_SLOTS = _lazy(
    "Teacher %(teacher)s must teach %(need)d sessions a week (%(groups)s) but is free in only %(free)d "
    "slots where a suitable venue is open: add availability or give a group another teacher."
)


def checked_data(term_id: int) -> list[Finding]:
    """``data_check(term_id)`` in the active language, recomputed only when the term's planning inputs changed."""
    language = translation.get_language() or ""
    fingerprint = planning_fingerprint(term_id)
    kept = DataCheck.objects.filter(term_id=term_id, language=language).first()
    if kept is not None and kept.fingerprint == fingerprint:
        return [Finding.from_json(item) for item in kept.findings]
    found = data_check(term_id)
    with transaction.atomic():  # two first views at once: the later one's write wins, both are right
        kept_as = {"fingerprint": fingerprint, "findings": [f.as_json() for f in found], "checked_at": timezone.now()}
        DataCheck.objects.update_or_create(term_id=term_id, language=language, defaults=kept_as)
    return found


def data_check(term_id: int) -> list[Finding]:
    """Every problem found in the data of term ``term_id``; empty when nothing stands in the solver's way."""
    term = Term.objects.get(pk=term_id)
    try:
        prepared = prepare(term_id, residents=False)
    except ProblemError as error:
        return [
            Finding(
                _("The term's data cannot be turned into a timetabling problem: %(reason)s.") % {"reason": error},
                (link(term),),
            )
        ]
    problem = prepared.problem
    found = [Finding(text) for text in prepared.dropped]
    if not problem.groups:
        found.append(
            Finding(_("No interest group is registered for scheduling: tick “registered” on the groups to schedule."))
        )
        return found
    ctx = _Context(problem)
    found += _venues_without_hours(ctx)
    found += _groups_without_venue(ctx)
    found += _teacher_load(ctx)
    return found


class _Context:
    """The problem, its candidates and the database rows behind its keys (for links)."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        self.cands = Candidates(problem)
        self.groups = {
            g.key: g for g in InterestGroup.objects.filter(key__in=problem.group).select_related("community")
        }
        self.teachers = {t.key: t for t in Teacher.objects.filter(key__in=problem.teacher)}
        self.venues = {v.key: v for v in Venue.objects.filter(key__in=problem.venue)}
        self.starts = ", ".join(format_minutes(s) for s in sorted({s.start for s in problem.slots}))


def _venues_without_hours(ctx: _Context) -> list[Finding]:
    with_rows = set(VenueOpening.objects.values_list("venue__key", flat=True).distinct())
    out = []
    for v in ctx.problem.venues:
        if v.opening:
            continue
        venue = ctx.venues[v.id]
        text = NO_HOURS_CLOSED if v.id in with_rows else NO_HOURS
        out.append(Finding(text % {"venue": venue.name}, (link(venue, venue.name),)))
    return out


def _need(g: Group) -> str:
    parts = [_("at least %(seats)d seats") % {"seats": g.max_size}]
    if g.step_free:
        parts.append(_("step-free access"))
    labels = dict(Facility.choices)
    parts += [str(labels.get(f, f)) for f in sorted(g.facilities)]
    return _LIST.join(parts)


def _groups_without_venue(ctx: _Context) -> list[Finding]:
    out = []
    unavailable: set[str] = set()
    for g in ctx.problem.groups:
        group, teacher = ctx.groups[g.id], ctx.teachers[g.teacher]
        names = {"group": group.name, "teacher": teacher.name}
        slots = ctx.cands.of[g.id].slots
        if not ctx.cands.suitable_venues(g):
            where = _LIST.join(ctx.problem.community[c].name for c in g.allowed_communities)
            text = NO_VENUE % {**names, "where": where, "need": _need(g)}
            out.append(Finding(text, (link(group, group.name),)))
        elif not ctx.cands.teacher_slots(g.teacher, g.length):
            if g.teacher not in unavailable:
                unavailable.add(g.teacher)
                text = TEACHER_NEVER % {**names, "minutes": g.length, "starts": ctx.starts}
                out.append(Finding(text, (link(teacher, teacher.name), link(group, group.name))))
        elif not slots:
            out.append(Finding(NEVER_TOGETHER % names, (link(group, group.name), link(teacher, teacher.name))))
        elif len(days := {ctx.problem.slots[t].weekday for t in slots}) < g.sessions:
            text = TOO_FEW_DAYS % {**names, "sessions": g.sessions, "days": len(days)}
            out.append(Finding(text, (link(group, group.name), link(teacher, teacher.name))))
    return out


def _teacher_load(ctx: _Context) -> list[Finding]:
    groups: dict[str, list[Group]] = defaultdict(list)
    for g in ctx.problem.groups:
        groups[g.teacher].append(g)
    out = []
    for tid, mine in groups.items():
        t, teacher = ctx.problem.teacher[tid], ctx.teachers[tid]
        need = sum(g.sessions for g in mine)
        names = _LIST.join(f"{ctx.groups[g.id].name} ×{g.sessions}" for g in mine)
        free = {s for g in mine for s in ctx.cands.of[g.id].slots}
        figures = {"teacher": t.name, "need": need, "groups": names, "max": t.max_sessions, "free": len(free)}
        if need > t.max_sessions:
            text = OVER_MAX % figures
        elif free and len(free) < need:
            text = TOO_FEW_SLOTS % figures
        else:
            continue
        links = (link(teacher, teacher.name), *(link(ctx.groups[g.id], ctx.groups[g.id].name) for g in mine))
        out.append(Finding(text, links))
    return out
