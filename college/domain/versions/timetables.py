"""Versions of a term's timetable: save a solution as a new draft, publish (or roll back), pin sessions.

Versions, not edits: a solve makes a new draft; publishing one archives the previous published version in the
same transaction, so a term never has two published versions nor none in between. Re-publishing an archived
version is the rollback. A solution is saved only when ``scheduler.verify`` finds no hard violation.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext_lazy

from college.domain.errors import WorkflowError
from college.domain.problem.prepare import AUTO, _Auto, base_timetable, build_problem
from college.domain.versions.conflicts import store_conflicts
from college.domain.versions.differences import Spot, match, spots
from college.models import InterestGroup, Session, Teacher, Term, Timetable, TimetableStatus, Venue
from scheduler import Assignment, Problem, Solution
from scheduler.verify.timetable import verify

SHOWN_VIOLATIONS = 5
_LIST = pgettext_lazy("between the names of a list", ", ")


def save_draft(
    term_id: int,
    solution: Solution,
    user_id: int | None = None,
    *,
    problem: Problem | None = None,
    base: Timetable | None | _Auto = AUTO,
    note: str = "",
) -> Timetable:
    """Save ``solution`` as the term's next draft version, with its sessions, in one transaction.

    ``problem`` is the problem it solves (built afresh when omitted). ``base`` is the version the new sessions
    continue: they take its session numbers (stable calendar UIDs) and keep its pins. Groups a partial solve left
    out are kept with their reasons (``Timetable.unplaced``). Refused with a ``WorkflowError`` when the solution has
    no timetable or breaks a hard rule.
    """
    if not solution.status.has_timetable:
        raise WorkflowError(
            _("The solver found no timetable (%(status)s): there is nothing to save.")
            % {"status": solution.status.value}
        )
    problem = problem or build_problem(term_id)
    report = verify(problem, solution, unplaced=solution.unplaced)  # left out with a reason, never silently
    if report.violations:
        shown = "; ".join(v.message for v in report.violations[:SHOWN_VIOLATIONS])
        raise WorkflowError(
            ngettext(
                "The timetable breaks %(count)d hard rule and was not saved: %(shown)s.",
                "The timetable breaks %(count)d hard rules and was not saved: %(shown)s.",
                len(report.violations),
            )
            % {"count": len(report.violations), "shown": shown}
        )
    if base is AUTO:
        base = base_timetable(term_id)
    with transaction.atomic():
        term = Term.objects.select_for_update().get(pk=term_id)  # serialises version numbers
        objective = report.objective
        timetable = Timetable.objects.create(
            term=term,
            version=Timetable.next_version(term),
            status=TimetableStatus.DRAFT,
            created_by_id=user_id,
            note=note,
            solver_status=solution.status.value,
            objective=objective,
            bound=solution.bound,
            gap=None if solution.bound is None else max(0.0, objective - solution.bound) / max(1, abs(objective)),
            penalties=dict(report.penalties),
            unplaced=[{"groups": list(x.groups), "reason": x.reason.as_json()} for x in solution.left_out],
            timings={
                "build": solution.timings.build,
                "first_solution": solution.timings.first_solution,
                "total": solution.timings.total,
            },
        )
        Session.objects.bulk_create(_sessions(timetable, problem, solution, base))
    store_conflicts(timetable.pk)  # the week's pages read it, in whichever process
    return timetable


def _sessions(timetable: Timetable, problem: Problem, solution: Solution, base: Timetable | None) -> list[Session]:
    group_ids = dict(InterestGroup.objects.filter(key__in=problem.group).values_list("key", "pk"))
    venue_ids = dict(Venue.objects.values_list("key", "pk"))
    teacher_ids = dict(Teacher.objects.filter(key__in=problem.teacher).values_list("key", "pk"))
    new = [
        Spot(
            group_ids[a.group],
            0,
            a.slot.weekday,
            a.slot.start,
            a.slot.start + problem.group[a.group].length,
            venue_ids[a.venue],
            teacher_ids[a.teacher],
        )
        for a in solution.assignments
    ]
    old = spots(base.pk) if base is not None else []
    pinned = set()
    if base is not None:
        pinned = set(
            Session.objects.filter(timetable=base, pinned=True).values_list("group_id", "weekday", "start", "venue_id")
        )
    sessions_per_week = {group_ids[g.id]: g.sessions for g in problem.groups}
    numbers = _numbers(old, new, sessions_per_week)
    return [
        Session(
            timetable=timetable,
            group_id=s.group,
            number=numbers[s],
            weekday=s.weekday,
            start=s.start,
            end=s.end,
            venue_id=s.venue,
            teacher_id=s.teacher,
            pinned=(s.group, s.weekday, s.start, s.venue) in pinned,
        )
        for s in new
    ]


def _numbers(old: list[Spot], new: list[Spot], sessions_per_week: dict[int, int]) -> dict[Spot, int]:
    """Session numbers of the new version: the number of the old session each continues, else the first free."""
    pairs, _, added = match(old, new)
    numbers: dict[Spot, int] = {}
    used: dict[int, set[int]] = {}
    for before, after in pairs:
        if before.number <= sessions_per_week[after.group]:
            numbers[after] = before.number
            used.setdefault(after.group, set()).add(before.number)
        else:
            added.append(after)
    for s in sorted(added, key=lambda s: (s.group, s.weekday, s.start)):
        taken = used.setdefault(s.group, set())
        number = next(n for n in range(1, len(taken) + 2) if n not in taken)
        numbers[s] = number
        taken.add(number)
    return numbers


class LeftOutNotConfirmed(WorkflowError):
    """Publishing a version that leaves groups out, without naming them: whoever publishes must be asked first."""

    def __init__(self, timetable: Timetable, keys: list[str]) -> None:
        self.keys = keys
        names = dict(InterestGroup.objects.filter(key__in=keys).values_list("key", "name"))
        message = ngettext(
            "Version %(version)d leaves %(count)d group unscheduled (%(names)s): publish it only once you agree "
            "to leave it out.",
            "Version %(version)d leaves %(count)d groups unscheduled (%(names)s): publish it only once you agree "
            "to leave them out.",
            len(keys),
        ) % {"version": timetable.version, "count": len(keys), "names": _LIST.join(names.get(k, k) for k in keys)}
        super().__init__(message)


def publish(timetable_id: int, *, leaving_out: Collection[str] = ()) -> Timetable:
    """Publish a version; the term's previously published version is archived in the same transaction.

    Publishing an archived version is a rollback. Refused when the version is already published, and
    (``LeftOutNotConfirmed``) when it leaves groups out that ``leaving_out`` (their keys) does not name: the pages
    ask in a dialog and send them, the API's ``leave_out`` names them, a command prints them.
    """
    with transaction.atomic():
        timetable = Timetable.objects.select_related("term").get(pk=timetable_id)
        Term.objects.select_for_update().get(pk=timetable.term_id)  # one publish of a term at a time
        timetable.refresh_from_db()
        if timetable.status == TimetableStatus.PUBLISHED:
            raise WorkflowError(_("%(timetable)s is already published.") % {"timetable": timetable})
        if not Session.objects.filter(timetable=timetable).exists():
            raise WorkflowError(
                _("%(timetable)s has no sessions: there is nothing to publish.") % {"timetable": timetable}
            )
        confirmed = set(leaving_out)
        unconfirmed = [key for key in timetable.unplaced_keys if key not in confirmed]
        if unconfirmed:
            raise LeftOutNotConfirmed(timetable, unconfirmed)
        Timetable.objects.filter(term_id=timetable.term_id, status=TimetableStatus.PUBLISHED).update(
            status=TimetableStatus.ARCHIVED
        )
        timetable.status = TimetableStatus.PUBLISHED
        timetable.published_at = timezone.now()
        timetable.save(update_fields=["status", "published_at"])
    return timetable


def set_pinned(session_ids: Iterable[int], pinned: bool = True) -> int:
    """Pin (or unpin) sessions: the next solve of their term keeps a pinned session's time and venue.

    Pins are instructions for the next solve, so they may be set on any version, published ones included.
    Returns how many sessions changed.
    """
    return Session.objects.filter(pk__in=list(session_ids)).exclude(pinned=pinned).update(pinned=pinned)


def saved_assignments(timetable_id: int, problem: Problem) -> tuple[Assignment, ...]:
    """A saved version as the scheduler's assignments of ``problem`` (to verify or compare it)."""
    slots = {(s.weekday, s.start): s for s in problem.slots}
    rows = Session.objects.filter(timetable_id=timetable_id).values_list(
        "group__key", "number", "weekday", "start", "venue__key", "teacher__key"
    )
    return tuple(
        Assignment(group, number - 1, slots[(weekday, start)], venue, teacher)
        for group, number, weekday, start, venue, teacher in rows
    )
