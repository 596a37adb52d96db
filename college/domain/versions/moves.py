"""Moving one weekly session of a draft by hand (a drag on the week grid, or its form).

The verifier decides: a move is allowed when the draft after it breaks no hard rule it did not break before (a draft
that today's data already breaks elsewhere can still be mended one session at a time). A preview shows the score and
the wishes made attendable before and after; saving re-checks inside one transaction, with the draft's row locked, so
two coordinators moving sessions at once cannot both take the last free hour of a venue.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from college.domain.demand.figures import MovedSession, after_move
from college.domain.errors import WorkflowError
from college.domain.problem.prepare import prepare
from college.domain.versions.conflicts import rule_label, session_assignments, store_conflicts
from college.models import Session, Timetable, TimetableStatus, Venue
from college.models.fields import format_minutes
from scheduler import Assignment, Problem, Slot
from scheduler.solution import Session as SessionKey
from scheduler.verify import Report, verify


@dataclass(frozen=True)
class Move:
    """Session ``session_id`` of a draft to ``weekday`` at ``start`` (minutes), in ``venue_id`` (None: its own)."""

    session_id: int
    weekday: int
    start: int
    venue_id: int | None = None


@dataclass(frozen=True)
class Broken:
    """A hard rule the move would break, and the other sessions involved (as names)."""

    rule: str
    others: tuple[str, ...]

    @property
    def label(self) -> str:
        return rule_label(self.rule)


RESIDENT_TERMS = ("coverage", "clash")  # the only penalties that count residents' wishes


@dataclass(frozen=True)
class Score:
    """The draft's score (a sum of penalties: lower is better), and the wishes of the residents the moved group
    concerns that the timetable makes attendable, of all their wishes."""

    objective: int
    attendable: int
    interests: int
    penalties: dict[str, int] = dataclasses.field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class MovePreview:
    session: Session
    weekday: int
    start: int
    end: int
    venue: Venue
    broken: tuple[Broken, ...]
    before: Score
    after: Score

    @property
    def changed(self) -> bool:
        s = self.session
        return (self.weekday, self.start, self.venue.pk) != (s.weekday, s.start, s.venue_id)

    @property
    def allowed(self) -> bool:
        return self.changed and not self.broken

    @property
    def score_change(self) -> int:
        """Positive: the timetable gets worse (the score is a sum of penalties)."""
        return self.after.objective - self.before.objective

    @property
    def wishes_change(self) -> int:
        return self.after.attendable - self.before.attendable

    @property
    def label(self) -> str:
        day = self.session.get_weekday_display() if self.weekday == self.session.weekday else _weekday(self.weekday)
        return f"{day} {format_minutes(self.start)}–{format_minutes(self.end)} {self.venue.name}"


def _weekday(day: int) -> str:
    return str(dict(Session._meta.get_field("weekday").choices)[day])


def preview_move(move: Move) -> MovePreview:
    """What the move would do: the hard rules it would break (none: it may be saved), the score and wishes."""
    return _preview(move)[0]


def _preview(move: Move) -> tuple[MovePreview, MovedSession]:
    """The preview, and what it was checked on (the figures of the draft follow the move from it)."""
    rows = Session.objects.select_related("timetable__term", "group__community", "venue", "teacher")
    session = rows.filter(pk=move.session_id).first()
    if session is None:
        raise WorkflowError(_("There is no session %(id)s.") % {"id": move.session_id})
    timetable = session.timetable
    if timetable.status != TimetableStatus.DRAFT:
        raise WorkflowError(
            _("Only a draft's sessions move; this one is %(status)s. Cancel or move one date in the published version.")
            % {"status": timetable.get_status_display()}
        )
    if session.pinned:
        raise WorkflowError(_("%(group)s is pinned here: unpin it first.") % {"group": session.group.name})
    same = move.venue_id in (None, session.venue_id)
    venue = session.venue if same else Venue.objects.filter(pk=move.venue_id).first()
    if venue is None:
        raise WorkflowError(_("There is no venue %(id)s.") % {"id": move.venue_id})
    end = move.start + (session.end - session.start)
    if not (0 <= move.weekday <= 6 and 0 <= move.start < end <= 24 * 60):
        raise WorkflowError(_("A session starts and ends within one day of the week."))
    stored = _stored_resident_terms(timetable)
    problem = _problem(timetable, None if stored is None else session.group.key)
    sessions = list(Session.objects.filter(timetable=timetable).select_related("group", "venue", "teacher"))
    before, ids = session_assignments(sessions, problem)
    key = next(k for k, pk in ids.items() if pk == session.pk)
    after = tuple(_moved(a, problem, move, venue, end) if a.session == key else a for a in before)
    left_out = timetable.unplaced_keys  # a partial solve's left-out groups are not broken placements
    report_before, report_after = verify(problem, before, left_out), verify(problem, after, left_out)
    by_pk, named = {s.pk: s for s in sessions}, {k for v in report_after.violations for k in v.sessions}
    names = {k: _name(by_pk[pk]) for k, pk in ids.items() if k in named}  # only the sessions a violation names
    broken = _new_violations(report_before, report_after, key, names)
    scores = _score(report_before, report_before, stored), _score(report_after, report_before, stored)
    preview = MovePreview(session, move.weekday, move.start, end, venue, broken, *scores)
    was, now = (session.weekday, session.start, session.end), (move.weekday, move.start, end)
    return preview, MovedSession(problem, before, after, session.group, was, now)


def save_move(move: Move) -> MovePreview:
    """Check the move again with the draft locked and save it: the session's new place, the draft's new score."""
    with transaction.atomic():
        timetable_id = Session.objects.filter(pk=move.session_id).values_list("timetable_id", flat=True).first()
        timetable = Timetable.objects.select_for_update().filter(pk=timetable_id).first()
        preview, moved = _preview(move)
        if not preview.changed:
            raise WorkflowError(_("This is where the session already is: nothing would change."))
        if preview.broken:
            raise WorkflowError(
                _("The move breaks a hard rule and was not saved: %(rules)s.")
                % {"rules": "；".join(b.label for b in preview.broken)}
            )
        Session.objects.filter(pk=move.session_id).update(
            weekday=preview.weekday, start=preview.start, end=preview.end, venue=preview.venue
        )
        objective = preview.after.objective
        gap = None if timetable.bound is None else max(0.0, objective - timetable.bound) / max(1, abs(objective))
        figures = Timetable.objects.filter(pk=timetable.pk).values_list("demand", flat=True).get()
        Timetable.objects.filter(pk=timetable.pk).update(
            objective=objective, gap=gap, penalties=preview.after.penalties, demand=after_move(figures, moved)
        )
    store_conflicts(timetable.pk)  # the week the coordinator returns to reads it
    return preview


def base_of(timetable: Timetable) -> int | None:
    """The version a draft's score counts moves against, as ``save_draft`` chose it: the published one, else the
    newest version before it (none: no move penalty)."""
    versions = Timetable.objects.filter(term_id=timetable.term_id).exclude(pk=timetable.pk)
    published = versions.filter(status=TimetableStatus.PUBLISHED).first()
    older = versions.filter(version__lt=timetable.version).order_by("-version").first()
    base = published or older
    return None if base is None else base.pk


def _problem(timetable: Timetable, group_key: str | None) -> Problem:
    """The term's problem; with ``group_key``, only the residents that group concerns (see ``_score``)."""
    residents_of = None if group_key is None else (group_key,)
    return prepare(timetable.term_id, previous=base_of(timetable), residents_of=residents_of).problem


def _stored_resident_terms(timetable: Timetable) -> dict[str, int] | None:
    """The draft's saved penalties for residents' wishes, None when it has none saved (then every resident counts)."""
    if not timetable.penalties or any(term not in timetable.penalties for term in RESIDENT_TERMS):
        return None
    return {term: int(timetable.penalties[term]) for term in RESIDENT_TERMS}


def _moved(a: Assignment, problem: Problem, move: Move, venue: Venue, end: int) -> Assignment:
    slot = next((s for s in problem.slots if (s.weekday, s.start) == (move.weekday, move.start)), None)
    return dataclasses.replace(a, slot=slot or Slot(move.weekday, move.start, end - move.start), venue=venue.key)


def _new_violations(
    before: Report, after: Report, moved: SessionKey, names: dict[SessionKey, str]
) -> tuple[Broken, ...]:
    """Violations after the move that were not there before (a rule broken again at the new place counts)."""
    left = Counter((v.rule, v.message) for v in before.violations)
    found = []
    for v in after.violations:
        if left[(v.rule, v.message)] > 0:
            left[(v.rule, v.message)] -= 1
            continue
        found.append(Broken(v.rule, tuple(dict.fromkeys(names[k] for k in v.sessions if k != moved and k in names))))
    return tuple(found)


def _name(s: Session) -> str:
    return f"{s.group.name} {s.get_weekday_display()} {format_minutes(s.start)}–{format_minutes(s.end)}"


def _score(report: Report, before: Report, stored: dict[str, int] | None) -> Score:
    """The whole draft's score from a report on the residents of the moved group alone: only their wishes can change
    with it, so the draft's saved wish penalties move by what they count (every other penalty counts no resident
    and is recomputed whole)."""
    penalties = dict(report.penalties)
    if stored is not None:
        for term in RESIDENT_TERMS:
            penalties[term] = stored[term] + report.penalties.get(term, 0) - before.penalties.get(term, 0)
    return Score(sum(penalties.values()), report.attendable, report.interests, penalties)
