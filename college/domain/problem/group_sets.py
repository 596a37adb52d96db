"""Attach the stored group-linking rules (cohorts, apart and together sets, blocked windows, allowed start
times and venues) to a term's ``Problem``, for the groups the problem schedules.

``college.domain.problem.prepare.prepare`` calls this after the pure records mapping, so timetables imported from
FET (or linked by a coordinator in the admin) are solved with the rules they came with. An allowed start
time that is not on the term's slot grid cannot be honoured: it is reported, and dropped.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict

from django.utils.translation import gettext as _

from college.models import AllowedVenue, ApartSet, BlockedWindow, Cohort, StartTime, TogetherSet
from college.models.fields import format_minutes
from scheduler import Apart, Problem, Window
from scheduler import Cohort as LinkedCohort


def attach_group_sets(problem: Problem) -> tuple[Problem, list[str]]:
    """The problem with its groups' stored sets and limits; and sentences about what had to be dropped."""
    known = set(problem.group)
    dropped: list[str] = []
    cohorts = tuple(
        LinkedCohort(c.key, c.name, groups, c.max_gaps)
        for c in Cohort.objects.prefetch_related("groups").order_by("key")
        if len(groups := tuple(g.key for g in c.groups.all() if g.key in known)) > 1
    )
    apart = tuple(
        Apart(a.key, groups, a.days, a.hard, a.per_day)
        for a in ApartSet.objects.prefetch_related("groups").order_by("key")
        if len(groups := tuple(g.key for g in a.groups.all() if g.key in known)) > 1
    )
    together = tuple(
        groups
        for s in TogetherSet.objects.prefetch_related("groups").order_by("key")
        if len(groups := tuple(g.key for g in s.groups.all() if g.key in known)) > 1
    )
    groups = _groups(problem, dropped)
    if not (cohorts or apart or together or groups != problem.groups):
        return problem, dropped
    linked = dataclasses.replace(problem, groups=groups, cohorts=cohorts, apart=apart, together=together)
    return linked, dropped


def _groups(problem: Problem, dropped: list[str]) -> tuple:
    """Each group with its blocked windows, allowed venues and allowed start times (three queries in all)."""
    blocked: dict[str, list[Window]] = defaultdict(list)
    for w in BlockedWindow.objects.select_related("group").order_by("weekday", "start"):
        blocked[w.group.key].append(Window(w.weekday, w.start, w.end))
    venues: dict[str, list[str]] = defaultdict(list)
    for a in AllowedVenue.objects.select_related("group", "venue").order_by("venue__key"):
        if a.venue.key in problem.venue:
            venues[a.group.key].append(a.venue.key)
    slots = {(s.weekday, s.start): s for s in problem.slots}
    starts: dict[str, list] = defaultdict(list)
    for st in StartTime.objects.select_related("group").order_by("weekday", "start"):
        slot = slots.get((st.weekday, st.start))
        if slot is not None:
            starts[st.group.key].append(slot)
        elif st.group.key in problem.group:
            at = f"{st.get_weekday_display()} {format_minutes(st.start)}"
            dropped.append(
                _("%(group)s may start at %(at)s, which is not on the term's slot grid.")
                % {"group": st.group.name, "at": at}
            )
    return tuple(
        dataclasses.replace(
            g,
            blocked=tuple(blocked[g.id]) or g.blocked,
            venues=tuple(venues[g.id]) or g.venues,
            starts=tuple(starts[g.id]) or g.starts,
        )
        if g.id in blocked or g.id in venues or g.id in starts
        else g
        for g in problem.groups
    )
