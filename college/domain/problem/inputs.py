"""A fingerprint of a term's planning inputs: everything the data check reads, residents and their survey aside.

It hashes the rows themselves (every stored column of venues, teachers, groups, their windows and sets, the
term, its closures and make-up days, absences, venue closures, the base version's sessions), never a counter or
a timestamp kept beside them, so a change made by any path — a form, the admin, an import, a bulk
``QuerySet.update``, raw SQL — changes it. About fifteen thousand small rows at district scale.
"""

from __future__ import annotations

import hashlib

from django.db import models

from college.domain.problem.prepare import base_timetable
from college.models import (
    Activity,
    AllowedVenue,
    ApartSet,
    BlockedWindow,
    Closure,
    Cohort,
    College,
    Community,
    InterestGroup,
    MakeUpDay,
    PreferredWindow,
    StartTime,
    Teacher,
    TeacherAbsence,
    TeacherAvailability,
    Term,
    TogetherSet,
    Venue,
    VenueClosure,
    VenueOpening,
)

FORMAT = "2"  # bump when the data check reads something new or words its findings differently
PRIVATE = {"feed_token_hash"}  # a new private calendar link changes nothing the data check reads

PLANNING_MODELS: tuple[type[models.Model], ...] = (
    College, Community, Venue, VenueOpening, Teacher, TeacherAvailability, Teacher.activities.through, Activity,
    InterestGroup, PreferredWindow, Cohort, Cohort.groups.through, ApartSet, ApartSet.groups.through, TogetherSet,
    TogetherSet.groups.through, BlockedWindow, AllowedVenue, StartTime, Term, Closure, MakeUpDay, TeacherAbsence,
    VenueClosure,
)  # fmt: skip
SESSION_COLUMNS = ("group_id", "number", "weekday", "start", "venue_id", "pinned")


def _columns(model: type[models.Model]) -> list[str]:
    return [f.attname for f in model._meta.concrete_fields if f.attname not in PRIVATE]


def planning_fingerprint(term_id: int, *, base: bool = True) -> str:
    """Changes whenever anything the data check of term ``term_id`` reads has changed (``base=False``: the base
    version's sessions aside, for what reads the term's data without them)."""
    digest = hashlib.sha256(f"{FORMAT} {term_id}\n".encode())
    for model in PLANNING_MODELS:
        digest.update(f"{model._meta.db_table}\n".encode())
        for row in model.objects.order_by("pk").values_list(*_columns(model)).iterator(chunk_size=5000):
            digest.update(repr(row).encode())
    version = base_timetable(term_id) if base else None
    if version is not None:  # pins and previous placements come from the base version
        digest.update(f"base {version.pk} {version.status}\n".encode())
        for row in version.sessions.order_by("pk").values_list(*SESSION_COLUMNS):
            digest.update(repr(row).encode())
    return digest.hexdigest()
