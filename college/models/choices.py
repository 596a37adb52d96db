"""Choices shared by the models. Values are the strings of ``college.domain.records.types``; labels are translated.

English is the source language; the Chinese labels come from ``college/locale/zh_Hans``.
"""

from __future__ import annotations

from django.db import models
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext_lazy as _

# Monday = 0 … Sunday = 6, as in ``college.domain.records.types.Window`` and Python's ``date.weekday()``.
WEEKDAY_CHOICES = [(day, WEEKDAYS[day]) for day in range(7)]


class Category(models.TextChoices):
    SPORTS = "sports", _("Sports")
    CULTURE = "culture", _("Culture")
    ARTS = "arts", _("Arts")
    TECHNOLOGY = "technology", _("Technology")
    OTHER = "other", _("Other")


class Audience(models.TextChoices):
    ELDERLY = "elderly", _("Elderly")
    ADULTS = "adults", _("Working adults")
    CHILDREN = "children", _("Children")
    FAMILIES = "families", _("Families")
    ALL = "all", _("Everyone")


class VenueKind(models.TextChoices):
    ELDERLY_CARE = "elderly_care", _("Elderly-care centre")
    CIVILIZATION_STATION = "civilization_station", _("Civilization-practice station")
    CULTURE_CENTRE = "culture_centre", _("Culture centre")
    PLAZA = "plaza", _("Community plaza")
    COMPANY_ROOM = "company_room", _("Company spare room")
    CLASSROOM = "classroom", _("Classroom")
    OTHER = "other", _("Other")


class Facility(models.TextChoices):
    PIANO = "piano", _("Piano")
    MIRRORS = "mirrors", _("Mirrors")
    TABLES = "tables", _("Tables")
    PROJECTOR = "projector", _("Projector")
    KITCHEN = "kitchen", _("Kitchen")
    SPORTS_FLOOR = "sports_floor", _("Sports floor")
    SOUND_SYSTEM = "sound_system", _("Sound system")
    BLACKBOARD = "blackboard", _("Blackboard")
    COMPUTERS = "computers", _("Computers")
    TEA_SET = "tea_set", _("Tea set")
    PING_PONG_TABLES = "ping_pong_tables", _("Table-tennis tables")
    BADMINTON_COURT = "badminton_court", _("Badminton court")
    STAGE = "stage", _("Stage")
    SINK = "sink", _("Sink")


class AgeBand(models.TextChoices):
    CHILD = "child", _("Child")
    YOUTH = "youth", _("Youth")
    ADULT = "adult", _("Adult")
    SENIOR = "senior", _("Senior")


class InterestKind(models.TextChoices):
    ENROLLED = "enrolled", _("Enrolled")
    WISHED = "wished", _("Wished")


class TimetableStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


class SolverStatus(models.TextChoices):
    """What the solver said about a timetable (``scheduler.Solution.status``)."""

    OPTIMAL = "optimal", _("Optimal")
    FEASIBLE = "feasible", _("Feasible")
    INFEASIBLE = "infeasible", _("Infeasible")
    UNKNOWN = "unknown", _("Unknown")
    STOPPED = "stopped", _("Stopped")
