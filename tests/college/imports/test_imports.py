"""Importing teachers, venues, groups and survey answers from real XLSX/CSV files (written with openpyxl)."""

from __future__ import annotations

import pytest
from django.utils import translation

from college.domain.imports import RowOutcome, RowProblem, TableError, import_table, table_bytes, template_bytes
from college.domain.records.load import read_college
from college.models import ActivityWish, Community, Interest, InterestGroup, Teacher, TeacherAvailability, Venue
from tests.college.factories import load_tiny_college
from tests.college.imports.sheets import TEACHER_HEADERS, csv_text, read_xlsx, xlsx

pytestmark = pytest.mark.django_db

NEW_TEACHER = [
    "zhao",
    "赵老师",
    "小竹社区",
    "13900000000",
    "艺术、体育",
    3,
    "是",
    "周一至周三 09:00-11:00；周六 14:00-16:00",
]
WANG_CHANGED = ["wang", "王老师", "xiaozhu", "13800000001", "体育", 5, "是", "周一至周五 08:00-12:00"]


@pytest.fixture(autouse=True)
def college() -> None:
    load_tiny_college()


def test_dry_run_shows_what_would_be_created_and_updated_and_writes_nothing() -> None:
    data = xlsx([TEACHER_HEADERS, NEW_TEACHER, WANG_CHANGED])
    before = read_college()
    report = import_table("teachers", data, "教师.xlsx", dry_run=True)
    assert report.rows == [RowOutcome(2, "zhao", "create"), RowOutcome(3, "wang", "update")]
    assert (report.problems, report.written) == ([], False)
    assert read_college() == before


def test_import_writes_every_row_and_reimporting_the_same_file_changes_nothing() -> None:
    data = xlsx([TEACHER_HEADERS, NEW_TEACHER, WANG_CHANGED])
    report = import_table("teachers", data, "教师.xlsx", dry_run=False)
    assert (report.written, report.count("create"), report.count("update")) == (True, 1, 1)
    zhao = Teacher.objects.get(key="zhao")
    assert (zhao.community.key, zhao.skills, zhao.max_sessions_per_week, zhao.phone) == (
        "xiaozhu",
        ["arts", "sports"],
        3,
        "13900000000",
    )
    assert list(TeacherAvailability.objects.filter(teacher=zhao).values_list("weekday", "start", "end")) == [
        (0, 540, 660),
        (1, 540, 660),
        (2, 540, 660),
        (5, 840, 960),
    ]
    assert Teacher.objects.get(key="wang").max_sessions_per_week == 5
    after_first = read_college()
    again = import_table("teachers", data, "教师.xlsx", dry_run=False)
    assert [r.action for r in again.rows] == ["unchanged", "unchanged"]
    assert again.written is False
    assert read_college() == after_first


def test_a_file_with_three_bad_rows_writes_nothing_and_reports_all_three() -> None:
    data = xlsx(
        [
            TEACHER_HEADERS,
            NEW_TEACHER,
            ["sun", "孙老师", "火星社区", "", "体育", 2, "是", ""],
            WANG_CHANGED,
            ["qian", "钱老师", "大竹社区", "", "跳舞", 2, "是", ""],
            ["zhou", "周老师", "大竹社区", "", "文化", 2, "是", "周二 21:00-19:00"],
        ]
    )
    before = read_college()
    with translation.override("en"):
        report = import_table("teachers", data, "教师.xlsx", dry_run=False)
    assert report.problems == [
        RowProblem(3, "所属社区", "There is no community “火星社区”."),
        RowProblem(5, "擅长类别", "“跳舞” is not one of: 体育、文化、艺术、科技、其他."),
        RowProblem(6, "可授课时间", "In “周二 21:00-19:00” the end is not later than the start."),
    ]
    assert report.written is False
    assert read_college() == before
    assert Teacher.objects.filter(key__in=["zhao", "sun", "qian", "zhou"]).exists() is False


def test_problems_name_every_bad_cell_of_a_row_and_repeated_keys() -> None:
    data = xlsx([TEACHER_HEADERS, ["", "", "", "", "", "many", "也许", ""], NEW_TEACHER, NEW_TEACHER])
    report = import_table("teachers", data, "t.xlsx")
    assert [(p.row, p.column) for p in report.problems] == [
        (2, "编号"),
        (2, "姓名"),
        (2, "所属社区"),
        (2, "每周最多节数"),
        (2, "志愿者"),
        (4, "编号"),
    ]
    assert report.problems[-1].message == "编号“zhao”已在第 3 行使用。"


def test_missing_and_unknown_columns_are_reported_on_row_one() -> None:
    data = xlsx([["编号", "姓名", "电话号码"], ["zhao", "赵老师", "1"]])
    with translation.override("en"):
        report = import_table("teachers", data, "t.xlsx")
    assert [(p.row, p.column) for p in report.problems] == [(1, "所属社区"), (1, "电话号码")]
    assert report.problems[1].message.startswith("Unknown column “电话号码”; the columns are: 编号、姓名、所属社区")


def test_a_csv_from_chinese_excel_in_gb18030_is_read() -> None:
    data = csv_text([TEACHER_HEADERS, NEW_TEACHER]).encode("gb18030")
    report = import_table("teachers", data, "教师.csv", dry_run=False)
    assert (report.problems, report.written) == ([], True)
    assert Teacher.objects.get(key="zhao").name == "赵老师"


def test_a_file_that_is_not_a_table_is_refused_as_a_whole() -> None:
    with pytest.raises(TableError):
        import_table("teachers", b"PK\x03\x04 not really a zip", "t.xlsx")
    with pytest.raises(TableError):
        import_table("teachers", b"", "t.xlsx")
    with pytest.raises(TableError):
        import_table("teachers", b"a,b", "t.pdf")


def test_rows_of_a_community_the_importer_does_not_coordinate_are_refused() -> None:
    xiaozhu = Community.objects.get(key="xiaozhu").pk
    data = xlsx([TEACHER_HEADERS, NEW_TEACHER, ["sun", "孙老师", "大竹社区", "", "体育", 2, "是", ""]])
    report = import_table("teachers", data, "t.xlsx", dry_run=False, communities={xiaozhu})
    assert [(p.row, p.column, p.message) for p in report.problems] == [(3, "所属社区", "您不是大竹社区的协调员。")]
    assert report.written is False


def test_venues_import_with_chinese_kinds_and_facilities() -> None:
    headers = ["编号", "名称", "所属社区", "类型", "地址", "容纳人数", "室内", "无障碍", "设施", "开放时间"]
    row = [
        "dz-hall",
        "大竹文化礼堂",
        "大竹社区",
        "文化活动中心",
        "龙塔路1号",
        120,
        "是",
        "是",
        "舞台、音响",
        "周六 09:00-17:00",
    ]
    report = import_table("venues", xlsx([headers, row]), "场地.xlsx", dry_run=False)
    assert report.written is True
    hall = Venue.objects.get(key="dz-hall")
    assert (hall.kind, hall.capacity, hall.facilities) == ("culture_centre", 120, ["stage", "sound_system"])


def test_groups_import_checks_the_models_rules_and_finds_teachers_by_name() -> None:
    headers = [
        "编号",
        "名称",
        "类别",
        "面向人群",
        "所属社区",
        "教师",
        "每周次数",
        "每次时长（分钟）",
        "最少人数",
        "最多人数",
    ]
    good = ["dance", "广场舞", "体育", "老年人", "小竹社区", "王老师", 2, 60, 10, 40]
    bad = ["chess", "象棋", "文化", "不限", "小竹社区", "王老师", 1, 75, 20, 10]
    with translation.override("en"):
        report = import_table("groups", xlsx([headers, good, bad]), "小组.xlsx")
    assert [(p.row, p.column) for p in report.problems] == [(3, "每次时长（分钟）"), (3, "最多人数")]
    report = import_table("groups", xlsx([headers, good]), "小组.xlsx", dry_run=False)
    dance = InterestGroup.objects.get(key="dance")
    assert (dance.teacher.key, dance.audience, dance.sessions_per_week) == ("wang", "elderly", 2)


def test_survey_answers_replace_a_residents_free_time_and_interests() -> None:
    headers = ["居民编号", "姓名", "所属社区", "年龄段", "空闲时间", "已报名小组", "意向小组"]
    rows = [
        headers,
        ["r1", "张阿姨", "小竹社区", "老年", "周二 19:00-21:00", "", "茶艺、太极班"],
        ["r9", "周大爷", "小竹社区", "老年", "周六 09:00-12:00", "太极班", ""],
    ]
    report = import_table("survey", xlsx(rows), "点单.xlsx", dry_run=False)
    assert [(r.key, r.action) for r in report.rows] == [("r1", "update"), ("r9", "create")]
    interests = Interest.objects.filter(resident__key__in=["r1", "r9"]).order_by("resident__key", "rank")
    assert [(i.resident.key, i.group.key, i.kind, i.rank) for i in interests] == [
        ("r1", "tea", "wished", 1),
        ("r1", "taichi", "wished", 2),
        ("r9", "taichi", "enrolled", None),
    ]
    again = import_table("survey", xlsx(rows), "点单.xlsx", dry_run=False)
    assert ([r.action for r in again.rows], again.written) == (["unchanged", "unchanged"], False)


def test_survey_answers_take_activity_wishes_ranked_after_the_wished_groups() -> None:
    headers = ["居民编号", "姓名", "所属社区", "年龄段", "空闲时间", "已报名小组", "意向小组", "意向活动"]
    rows = [headers, ["r3", "小明", "大竹社区", "儿童", "周六 09:00-12:00", "", "插画", "作业辅导、太极拳"]]
    report = import_table("survey", xlsx(rows), "点单.xlsx", dry_run=False)
    assert [(r.key, r.action) for r in report.rows] == [("r3", "update")]
    wishes = ActivityWish.objects.filter(resident__key="r3").order_by("rank")
    assert [(w.activity.name, w.rank, [c.key for c in w.reach.all()]) for w in wishes] == [
        ("作业辅导", 2, ["dazhu"]),
        ("太极拳", 3, ["dazhu"]),
    ]
    again = import_table("survey", xlsx(rows), "点单.xlsx", dry_run=False)
    assert ([r.action for r in again.rows], again.written) == (["unchanged"], False)


def test_an_unknown_activity_in_the_survey_is_refused_and_nothing_is_written() -> None:
    headers = ["居民编号", "姓名", "所属社区", "年龄段", "空闲时间", "已报名小组", "意向小组", "意向活动"]
    rows = [headers, ["r3", "小明", "大竹社区", "儿童", "", "", "", "跳伞"]]
    with translation.override("zh-hans"):
        report = import_table("survey", xlsx(rows), "点单.xlsx", dry_run=False)
    assert [(p.row, p.column, p.message) for p in report.problems] == [(2, "意向活动", "没有活动项目“跳伞”。")]
    assert (report.written, ActivityWish.objects.get().activity.name) == (False, "作业辅导")


def test_importing_groups_and_teachers_keeps_their_activities() -> None:
    exported = {kind: table_bytes(kind, "xlsx") for kind in ("groups", "teachers")}
    InterestGroup.objects.filter(key="taichi").update(max_size=99)
    Teacher.objects.filter(key="li").update(max_sessions_per_week=9)
    for kind, data in exported.items():
        assert import_table(kind, data, "x.xlsx", dry_run=False).written is True
    assert InterestGroup.objects.get(key="taichi").activity.name == "太极拳"
    assert sorted(Teacher.objects.get(key="li").activities.values_list("name", flat=True)) == ["插画", "茶艺"]


def test_exported_tables_import_back_unchanged() -> None:
    for kind in ("teachers", "venues", "groups", "survey"):
        for fmt, name in (("xlsx", "x.xlsx"), ("csv", "x.csv")):
            report = import_table(kind, table_bytes(kind, fmt), name, dry_run=False)
            assert (report.problems, report.written) == ([], False), (kind, fmt)
            assert {r.action for r in report.rows} == {"unchanged"}, (kind, fmt)


def test_a_survey_read_a_few_residents_at_a_time_imports_back_unchanged(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("college.domain.imports.run.ANSWERS_AT_ONCE", 1)  # a district's 250,000 keys, in slices
    xiaozhu = Community.objects.get(key="xiaozhu").pk
    exported = table_bytes("survey", "csv", [xiaozhu])
    assert [line.split(",")[2] for line in exported.decode("utf-8-sig").splitlines()[1:]] == ["小竹社区", "小竹社区"]
    report = import_table("survey", exported, "x.csv", dry_run=False)
    assert (report.problems, [r.action for r in report.rows]) == ([], ["unchanged", "unchanged"])


def test_templates_carry_the_chinese_headers_and_a_guide() -> None:
    sheets = template_bytes("teachers", "xlsx")
    assert read_xlsx(sheets) == [TEACHER_HEADERS]
    guide = read_xlsx(sheets, sheet=1)
    assert guide[0] == ["列", "是否必填", "填写方法"]
    assert guide[5][:2] == ["擅长类别", None]
    assert guide[5][2] == "可填多个，用、分隔：体育、文化、艺术、科技、其他"
    assert (
        template_bytes("survey", "csv").decode("utf-8-sig")
        == "居民编号,姓名,所属社区,年龄段,空闲时间,已报名小组,意向小组,意向活动\r\n"
    )


def test_a_filled_in_template_imports() -> None:
    rows = read_xlsx(template_bytes("teachers", "xlsx")) + [NEW_TEACHER]
    assert import_table("teachers", xlsx(rows), "t.xlsx", dry_run=False).written is True


LI_TAKEN = ["li", "改名", "小竹社区", "", "体育", 2, "是", ""]
DZ_ROOM_TAKEN = ["dz-room", "改名", "小竹社区", "", "", 10, "是", "否", "", ""]
R2_TAKEN = ["r2", "改名", "小竹社区", "中年", "", "", ""]
VENUE_HEADERS = ["编号", "名称", "所属社区", "类型", "地址", "容纳人数", "室内", "无障碍", "设施", "开放时间"]
SURVEY_HEADERS = ["居民编号", "姓名", "所属社区", "年龄段", "空闲时间", "已报名小组", "意向小组"]


@pytest.mark.parametrize(
    ("kind", "headers", "row"),
    [("teachers", TEACHER_HEADERS, LI_TAKEN), ("venues", VENUE_HEADERS, DZ_ROOM_TAKEN),
     ("survey", SURVEY_HEADERS, R2_TAKEN)],
)  # fmt: skip
@pytest.mark.parametrize("dry_run", [True, False])
def test_a_key_owned_by_another_community_is_a_row_error_that_reveals_nothing(
    kind: str, headers: list[str], row: list[object], dry_run: bool
) -> None:
    before = read_college()
    xiaozhu = Community.objects.get(key="xiaozhu").pk
    with translation.override("zh-hans"):
        report = import_table(kind, xlsx([headers, row]), "t.xlsx", dry_run=dry_run, communities={xiaozhu})
    message = f"编号“{row[0]}”不能在此使用，请换一个编号。"
    assert ([(p.row, p.column, p.message) for p in report.problems], report.rows) == ([(2, headers[0], message)], [])
    assert (report.written, read_college()) == (False, before)
