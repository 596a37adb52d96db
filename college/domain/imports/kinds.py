"""What each importable table is: its Chinese columns, how a row becomes a record, how a record is checked.

Rows become the plain records of ``college.domain.records.types`` (the loader's language) and are checked with the
models' own ``clean`` rules, so the admin, the API and an import refuse the same things in the same words.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from college.domain.imports import cells
from college.domain.imports.cells import CellError
from college.domain.imports.lookups import Lookups
from college.domain.records.types import GroupRecord, ResidentRecord, TeacherRecord, VenueRecord
from college.models import (
    AgeBand,
    Audience,
    Category,
    Facility,
    InterestGroup,
    PreferredWindow,
    Resident,
    Teacher,
    Venue,
    VenueKind,
)

Problem = tuple[str, str]  # (column header, message)


@dataclass(frozen=True)
class Column:
    header: str
    guide: str | Callable[[], str]  # how to fill it in (a callable when it lists translated choices)
    required: bool = False

    @property
    def help(self) -> str:
        return self.guide() if callable(self.guide) else self.guide


def _labels(choices: type[models.TextChoices]) -> str:
    return "、".join(cells.chinese_label(choices, value) for value in choices.values)


class RowReader:
    """Reads a row's cells, collecting every cell's problem instead of stopping at the first."""

    def __init__(self, row: dict[str, str]) -> None:
        self.row = row
        self.problems: list[Problem] = []

    def cell(self, header: str, parse: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        try:
            return parse(self.row.get(header, ""), *args, **kwargs)
        except CellError as error:
            self.problems.append((header, str(error)))
            return None


def model_problems(obj: models.Model, columns: dict[str, str]) -> list[Problem]:
    """The model's own rules (``full_clean`` without uniqueness: keys are how rows match), by column."""
    try:
        obj.full_clean(exclude=["community", "teacher", "group"], validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        return [(columns.get(name, columns["key"]), m) for name, ms in error.message_dict.items() for m in ms]
    return []


KEY_HELP = "字母、数字、- 或 _，用来在再次导入时对上同一行，例如 T001"
WINDOWS_HELP = "每周时间段，用；分隔，例如：周一 09:00-12:00；周六 09:00-17:00（也可写 周一至周五 19:00-21:00）"

TEACHER_COLUMNS = [
    Column("编号", KEY_HELP, True),
    Column("姓名", "", True),
    Column("所属社区", "社区名称或编号", True),
    Column("电话", "仅协调员可见，不会公开"),
    Column("擅长类别", lambda: "可填多个，用、分隔：" + _labels(Category)),
    Column("每周最多节数", "1–50，默认 4"),
    Column("志愿者", "是/否，默认 是"),
    Column("可授课时间", WINDOWS_HELP),
]
TEACHER_FIELDS = {
    "key": "编号",
    "name": "姓名",
    "phone": "电话",
    "skills": "擅长类别",
    "max_sessions_per_week": "每周最多节数",
}


def teacher_row(row: dict[str, str], lookups: Lookups) -> tuple[TeacherRecord | None, list[Problem]]:
    r = RowReader(row)
    values = dict(
        key=r.cell("编号", cells.text, required=True, max_length=80),
        name=r.cell("姓名", cells.text, required=True, max_length=120),
        community=r.cell("所属社区", lookups.community),
        phone=r.cell("电话", cells.text, max_length=40),
        skills=r.cell("擅长类别", cells.tags, Category),
        availability=r.cell("可授课时间", cells.windows),
        max_sessions_per_week=r.cell("每周最多节数", cells.integer, low=1, high=50, default=4),
        volunteer=r.cell("志愿者", cells.yes_no, default=True),
    )
    if r.problems:
        return None, r.problems
    record = TeacherRecord(**values)
    teacher = Teacher(key=record.key, name=record.name, phone=record.phone, skills=list(record.skills))
    teacher.max_sessions_per_week = record.max_sessions_per_week
    return record, model_problems(teacher, TEACHER_FIELDS)


def teacher_cells(t: TeacherRecord, lookups: Lookups) -> list[object]:
    community = lookups.communities.by_key[t.community][1]
    return [t.key, t.name, community, t.phone, cells.tags_text(t.skills, Category), t.max_sessions_per_week,
            cells.yes_no_text(t.volunteer), cells.windows_text(t.availability)]  # fmt: skip


VENUE_COLUMNS = [
    Column("编号", KEY_HELP, True),
    Column("名称", "", True),
    Column("所属社区", "社区名称或编号", True),
    Column("类型", lambda: _labels(VenueKind) + "；默认 " + cells.chinese_label(VenueKind, VenueKind.OTHER)),
    Column("地址", ""),
    Column("容纳人数", "1–100000", True),
    Column("室内", "是/否，默认 是"),
    Column("无障碍", "是/否，默认 否"),
    Column("设施", lambda: "可填多个，用、分隔：" + _labels(Facility)),
    Column("开放时间", WINDOWS_HELP),
]
VENUE_FIELDS = {
    "key": "编号",
    "name": "名称",
    "kind": "类型",
    "address": "地址",
    "capacity": "容纳人数",
    "facilities": "设施",
}


def venue_row(row: dict[str, str], lookups: Lookups) -> tuple[VenueRecord | None, list[Problem]]:
    r = RowReader(row)
    values = dict(
        key=r.cell("编号", cells.text, required=True, max_length=80),
        name=r.cell("名称", cells.text, required=True, max_length=120),
        community=r.cell("所属社区", lookups.community),
        kind=r.cell("类型", cells.choice, VenueKind, default=VenueKind.OTHER.value),
        address=r.cell("地址", cells.text),
        capacity=r.cell("容纳人数", cells.integer, low=1, high=100_000),
        indoor=r.cell("室内", cells.yes_no, default=True),
        step_free=r.cell("无障碍", cells.yes_no, default=False),
        facilities=r.cell("设施", cells.tags, Facility),
        opening=r.cell("开放时间", cells.windows),
    )
    if r.problems:
        return None, r.problems
    record = VenueRecord(**values)
    venue = Venue(key=record.key, name=record.name, kind=record.kind, address=record.address,
                  capacity=record.capacity, facilities=list(record.facilities))  # fmt: skip
    return record, model_problems(venue, VENUE_FIELDS)


def venue_cells(v: VenueRecord, lookups: Lookups) -> list[object]:
    community = lookups.communities.by_key[v.community][1]
    return [v.key, v.name, community, cells.chinese_label(VenueKind, v.kind), v.address, v.capacity,
            cells.yes_no_text(v.indoor), cells.yes_no_text(v.step_free), cells.tags_text(v.facilities, Facility),
            cells.windows_text(v.opening)]  # fmt: skip


GROUP_COLUMNS = [
    Column("编号", KEY_HELP, True),
    Column("名称", "", True),
    Column("类别", lambda: _labels(Category), True),
    Column("面向人群", lambda: _labels(Audience) + "；默认 " + cells.chinese_label(Audience, Audience.ALL)),
    Column("所属社区", "社区名称或编号", True),
    Column("教师", "教师姓名或编号", True),
    Column("每周次数", "1–7，默认 1"),
    Column("每次时长（分钟）", "须是学期允许的时长，如 60、90、120；默认 90"),
    Column("最少人数", "默认 5"),
    Column("最多人数", "默认 30"),
    Column("所需设施", lambda: "可填多个，用、分隔：" + _labels(Facility)),
    Column("需无障碍", "是/否，默认 否"),
    Column("已报备", "是/否，默认 是；只有已报备的小组参加排课"),
    Column("偏好时间", WINDOWS_HELP),
    Column("简介", ""),
]
GROUP_FIELDS = {"key": "编号", "name": "名称", "category": "类别", "audience": "面向人群",
                "sessions_per_week": "每周次数", "session_minutes": "每次时长（分钟）", "min_size": "最少人数",
                "max_size": "最多人数", "facilities": "所需设施", "description": "简介"}  # fmt: skip


def group_row(row: dict[str, str], lookups: Lookups) -> tuple[GroupRecord | None, list[Problem]]:
    r = RowReader(row)
    values = dict(
        key=r.cell("编号", cells.text, required=True, max_length=80),
        name=r.cell("名称", cells.text, required=True, max_length=120),
        category=r.cell("类别", cells.choice, Category),
        audience=r.cell("面向人群", cells.choice, Audience, default=Audience.ALL.value),
        community=r.cell("所属社区", lookups.community),
        teacher=r.cell("教师", lambda v: lookups.teachers.key(cells.text(v, required=True))),
        sessions_per_week=r.cell("每周次数", cells.integer, low=1, high=7, default=1),
        session_minutes=r.cell("每次时长（分钟）", cells.integer, low=1, high=1440, default=90),
        min_size=r.cell("最少人数", cells.integer, low=1, high=10_000, default=5),
        max_size=r.cell("最多人数", cells.integer, low=1, high=10_000, default=30),
        facilities=r.cell("所需设施", cells.tags, Facility),
        step_free=r.cell("需无障碍", cells.yes_no, default=False),
        registered=r.cell("已报备", cells.yes_no, default=True),
        preferred=r.cell("偏好时间", cells.windows),
        description=r.cell("简介", cells.text, max_length=4000, multi_line=True),
    )
    if r.problems:
        return None, r.problems
    record = GroupRecord(**values)
    fields = {k: v for k, v in values.items() if k not in ("community", "teacher", "preferred", "facilities")}
    group = InterestGroup(**fields, facilities=list(record.facilities))
    problems = model_problems(group, GROUP_FIELDS)
    for window in record.preferred:
        try:
            PreferredWindow(group=group, weekday=window.weekday, start=window.start, end=window.end).clean()
        except ValidationError as error:
            problems += [("偏好时间", m) for m in error.messages]
    return record, problems


def group_cells(g: GroupRecord, lookups: Lookups) -> list[object]:
    community = lookups.communities.by_key[g.community][1]
    return [g.key, g.name, cells.chinese_label(Category, g.category), cells.chinese_label(Audience, g.audience),
            community, g.teacher, g.sessions_per_week, g.session_minutes, g.min_size, g.max_size,
            cells.tags_text(g.facilities, Facility), cells.yes_no_text(g.step_free), cells.yes_no_text(g.registered),
            cells.windows_text(g.preferred), g.description]  # fmt: skip


SURVEY_COLUMNS = [
    Column("居民编号", KEY_HELP, True),
    Column("姓名", "", True),
    Column("所属社区", "社区名称或编号", True),
    Column("年龄段", lambda: _labels(AgeBand), True),
    Column("空闲时间", WINDOWS_HELP),
    Column("已报名小组", "小组名称或编号，用、分隔"),
    Column("意向小组", "按想参加的先后顺序填写小组名称或编号，用、分隔"),
    Column("意向活动", "还没有小组开的也可以：按先后顺序填写活动项目名称，用、分隔，排在意向小组之后"),
]


@dataclass(frozen=True)
class SurveyAnswer:
    """One resident's 点单 answers: who they are, when they are free, which groups they are in and wish for."""

    resident: ResidentRecord
    enrolled: tuple[str, ...]  # group keys
    wished: tuple[str, ...]  # group keys, most wanted first
    activities: tuple[str, ...] = ()  # activity keys, wished after the groups, in the resident's community

    @property
    def key(self) -> str:
        return self.resident.key


def _group_keys(value: str, lookups: Lookups) -> tuple[str, ...]:
    keys = [lookups.groups.key(name) for name in cells.items(value)]
    repeated = sorted({k for k in keys if keys.count(k) > 1})
    if repeated:
        raise CellError(
            _("%(tags)s is listed twice.") % {"tags": "、".join(lookups.groups.by_key[k][1] for k in repeated)}
        )
    return tuple(keys)


def _activity_keys(value: str, lookups: Lookups) -> tuple[str, ...]:
    keys = [lookups.activities.key(name) for name in cells.items(value)]
    repeated = sorted({k for k in keys if keys.count(k) > 1})
    if repeated:
        raise CellError(
            _("%(tags)s is listed twice.") % {"tags": "、".join(lookups.activities.by_key[k][1] for k in repeated)}
        )
    return tuple(keys)


def survey_row(row: dict[str, str], lookups: Lookups) -> tuple[SurveyAnswer | None, list[Problem]]:
    r = RowReader(row)
    key = r.cell("居民编号", cells.text, required=True, max_length=80)
    name = r.cell("姓名", cells.text, required=True, max_length=120)
    community = r.cell("所属社区", lookups.community)
    age_band = r.cell("年龄段", cells.choice, AgeBand)
    free = r.cell("空闲时间", cells.windows)
    enrolled = r.cell("已报名小组", _group_keys, lookups)
    wished = r.cell("意向小组", _group_keys, lookups)
    activities = r.cell("意向活动", _activity_keys, lookups)
    if r.problems:
        return None, r.problems
    both = [lookups.groups.by_key[k][1] for k in enrolled if k in wished]
    message = _("%(groups)s cannot be both enrolled in and wished for.") % {"groups": "、".join(both)}
    problems = [("意向小组", message)] if both else []
    problems += model_problems(Resident(key=key, name=name, age_band=age_band), {"key": "居民编号", "name": "姓名"})
    answer = SurveyAnswer(ResidentRecord(key, name, community, age_band, free), enrolled, wished, activities)
    return answer, problems


def survey_cells(answer: SurveyAnswer, lookups: Lookups) -> list[object]:
    r = answer.resident
    names = lookups.groups.by_key
    return [r.key, r.name, lookups.communities.by_key[r.community][1], cells.chinese_label(AgeBand, r.age_band),
            cells.windows_text(r.free), "、".join(names[k][1] for k in answer.enrolled),
            "、".join(names[k][1] for k in answer.wished),
            "、".join(lookups.activities.by_key[k][1] for k in answer.activities)]  # fmt: skip
