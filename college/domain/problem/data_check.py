"""Before solving: problems in a term's data that a coordinator can fix, in the reader's language with admin links.

The engine's pre-checks say which groups no timetable can hold (``scheduler.explain.impossible``: no venue suits a
group, its teacher and venues are never free together or on too few days, a pin that cannot be kept, a teacher
asked for more sessions than allowed or than free slots, a cohort's or an apart set's count, a venue shortage):
the very reasons a solve leaves those groups out with, rendered by ``college.domain.reasons``. The college adds
what only it sees: a venue with no opening hours, pins and group sets dropped while building the problem, no
group registered at all. Absences and closures are applied, so a re-plan is checked as it will be solved. An
empty list means the solver can start.

Residents and their survey are never read: nothing here depends on them. ``kept_check`` keeps the findings per
term and language with a fingerprint of the planning inputs (``inputs.planning_fingerprint``) and recomputes them
only when it changes, so the dashboard of a district answers without rebuilding its problem; the engine's reasons
are kept as data and rendered when read, so the page links every name they carry. A change also asks for the term's
background bound (``college.domain.solving.bounds``).
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from college.derived.models import DataCheck
from college.domain.explanations import Finding, link
from college.domain.problem.inputs import planning_fingerprint
from college.domain.problem.prepare import prepare
from college.domain.reasons import findings
from college.domain.solving.bounds import want_bound
from college.models import Term, Venue, VenueOpening
from scheduler import Problem, ProblemError
from scheduler.explain import impossible

NO_HOURS_CLOSED = _lazy(
    "Venue %(venue)s is closed on every day it opens (see its venue closures): no session can take place there."
)
NO_HOURS = _lazy(
    "Venue %(venue)s has no opening hours: add its weekly opening windows, or no session can take place there."
)


def kept_check(term_id: int) -> list[dict[str, object]]:
    """``checks(term_id)`` in the active language, recomputed only when the term's planning inputs changed."""
    language = translation.get_language() or ""
    fingerprint = planning_fingerprint(term_id)
    kept = DataCheck.objects.filter(term_id=term_id, language=language).first()
    if kept is not None and kept.fingerprint == fingerprint:
        return list(kept.findings)
    found = checks(term_id)
    kept_as = {"fingerprint": fingerprint, "findings": found, "checked_at": timezone.now()}
    try:
        with transaction.atomic():
            DataCheck.objects.update_or_create(term_id=term_id, language=language, defaults=kept_as)
    except IntegrityError:  # two first views at once: the other one stored the same findings
        pass
        want_bound(term_id)  # the inputs changed: so did the next solve's problem
    return found


def checked_data(term_id: int) -> list[Finding]:
    """The kept data check of term ``term_id`` as sentences in the active language, names linked."""
    return findings(kept_check(term_id))


def data_check(term_id: int) -> list[Finding]:
    """Every problem found in the data of term ``term_id``; empty when nothing stands in the solver's way."""
    return findings(checks(term_id))


def checks(term_id: int) -> list[dict[str, object]]:
    """The data check as stored: the college's own findings (``Finding.as_json``, in the active language), then
    the engine's reasons (``Reason.as_json``), which ``college.domain.reasons.findings`` renders."""
    term = Term.objects.get(pk=term_id)
    try:
        prepared = prepare(term_id, residents=False)
    except ProblemError as error:
        text = _("The term's data cannot be turned into a timetabling problem: %(reason)s.") % {"reason": error}
        return [Finding(text, (link(term),)).as_json()]
    problem = prepared.problem
    found = [Finding(text).as_json() for text in prepared.dropped]
    if not problem.groups:
        text = _("No interest group is registered for scheduling: tick “registered” on the groups to schedule.")
        return [*found, Finding(text).as_json()]
    found += [f.as_json() for f in _venues_without_hours(problem)]
    found += [left_out.reason.as_json() for left_out in impossible(problem)]
    return found


def _venues_without_hours(problem: Problem) -> list[Finding]:
    closed = [v.id for v in problem.venues if not v.opening]
    if not closed:
        return []
    with_rows = set(VenueOpening.objects.filter(venue__key__in=closed).values_list("venue__key", flat=True))
    venues = {v.key: v for v in Venue.objects.filter(key__in=closed)}
    out = []
    for key in closed:
        venue = venues[key]
        text = NO_HOURS_CLOSED if key in with_rows else NO_HOURS
        out.append(Finding(text % {"venue": venue.name}, (link(venue, venue.name),)))
    return out
