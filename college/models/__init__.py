"""The community-college domain model: one module per area; import models from here."""

from __future__ import annotations

from college.models.absences import TeacherAbsence, VenueClosure
from college.models.access import ApiToken, Coordinator
from college.models.activities import Activity, ActivityWish, activity_key, pinyin_initials
from college.models.choices import (
    AgeBand,
    Audience,
    Category,
    Facility,
    InterestKind,
    SolverStatus,
    TimetableStatus,
    VenueKind,
)
from college.models.group_sets import AllowedVenue, ApartSet, BlockedWindow, Cohort, StartTime, TogetherSet
from college.models.groups import Interest, InterestGroup, PreferredWindow
from college.models.jobs import ACTIVE_STATUSES, JobStatus, SolveJob, SolvePart
from college.models.occurrences import OccurrenceChange
from college.models.people import FreeTime, NewCalendarQuota, Resident, Teacher, TeacherAvailability
from college.models.places import College, Community, Venue, VenueOpening
from college.models.proposals import Answer, Decision, Proposal, ProposalJob
from college.models.terms import Closure, MakeUpDay, Term
from college.models.timetables import Session, Timetable

__all__ = [
    "Answer",
    "Decision",
    "Proposal",
    "ProposalJob",
    "Activity",
    "ActivityWish",
    "activity_key",
    "pinyin_initials",
    "ACTIVE_STATUSES",
    "AllowedVenue",
    "ApartSet",
    "BlockedWindow",
    "Cohort",
    "StartTime",
    "TogetherSet",
    "AgeBand",
    "ApiToken",
    "Audience",
    "Category",
    "Closure",
    "College",
    "Community",
    "Coordinator",
    "Facility",
    "FreeTime",
    "Interest",
    "InterestGroup",
    "InterestKind",
    "NewCalendarQuota",
    "OccurrenceChange",
    "JobStatus",
    "MakeUpDay",
    "PreferredWindow",
    "Resident",
    "Session",
    "SolveJob",
    "SolvePart",
    "SolverStatus",
    "Teacher",
    "TeacherAbsence",
    "TeacherAvailability",
    "Term",
    "Timetable",
    "TimetableStatus",
    "Venue",
    "VenueClosure",
    "VenueKind",
    "VenueOpening",
]
