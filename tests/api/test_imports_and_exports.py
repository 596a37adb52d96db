"""Import and export through the API: dry runs, all-or-nothing writes, templates, timetable and hours files."""

from __future__ import annotations

import pytest

from college.models import Teacher
from tests.api.conftest import Api, ids
from tests.college.imports.sheets import TEACHER_HEADERS, read_xlsx, xlsx

pytestmark = pytest.mark.django_db

ZHAO = ["zhao", "赵老师", "小竹社区", "13900000000", "艺术", 3, "是", "周二 09:00-11:00"]
BAD = ["sun", "孙老师", "小竹社区", "", "跳舞", 2, "是", ""]


def test_dry_run_reports_rows_and_writes_nothing(alice: Api) -> None:
    status, report = alice.upload("imports/teachers", "教师.xlsx", xlsx([TEACHER_HEADERS, ZHAO]))
    assert (status, report["dry_run"], report["written"], report["created"]) == (200, True, False, 1)
    assert report["rows"] == [{"row": 2, "key": "zhao", "action": "create"}]
    assert Teacher.objects.filter(key="zhao").exists() is False


def test_import_writes_when_every_row_is_valid_and_again_changes_nothing(alice: Api) -> None:
    data = xlsx([TEACHER_HEADERS, ZHAO])
    status, report = alice.upload("imports/teachers", "教师.xlsx", data, dry_run="false")
    assert (status, report["written"]) == (200, True)
    assert Teacher.objects.get(key="zhao").phone == "13900000000"
    status, report = alice.upload("imports/teachers", "教师.xlsx", data, dry_run="false")
    assert (status, report["written"], report["unchanged"]) == (200, False, 1)


def test_import_with_bad_rows_is_refused_whole_naming_every_problem(alice: Api) -> None:
    data = xlsx([TEACHER_HEADERS, ZHAO, BAD, ["qian", "钱老师", "大竹社区", "", "体育", 1, "是", ""]])
    status, error = alice.upload("imports/teachers", "教师.xlsx", data, dry_run="false")
    assert (status, error["code"], error["field"], error["message"]) == (
        422,
        "invalid_rows",
        "file",
        "文件中有 2 处问题，未导入任何内容。",
    )
    assert [(p["row"], p["column"]) for p in error["problems"]] == [(3, "擅长类别"), (4, "所属社区")]
    assert Teacher.objects.filter(key__in=["zhao", "sun", "qian"]).exists() is False


def test_a_file_that_is_not_a_spreadsheet_is_a_422_on_file(alice: Api) -> None:
    status, error = alice.upload("imports/venues", "场地.xlsx", b"not a workbook")
    assert (status, error["field"]) == (422, "file")


def test_templates_download_with_chinese_headers(alice: Api) -> None:
    response = alice.client.get("/api/v1/imports/groups/template", headers={"authorization": f"Bearer {alice.token}"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert read_xlsx(response.content)[0][:3] == ["编号", "名称", "类别"]
    csv = alice.client.get(
        "/api/v1/imports/survey/template?format=csv", headers={"authorization": f"Bearer {alice.token}"}
    )
    assert csv.content.decode("utf-8-sig").startswith("居民编号,姓名,所属社区")


def test_rows_export_only_the_callers_communities(alice: Api) -> None:
    response = alice.client.get(
        "/api/v1/imports/teachers/rows?format=csv", headers={"authorization": f"Bearer {alice.token}"}
    )
    lines = response.content.decode("utf-8-sig").splitlines()
    assert [line.split(",")[0] for line in lines] == ["编号", "wang"]
    refused = alice.client.get(
        f"/api/v1/imports/teachers/rows?community={ids()['dazhu']}", headers={"authorization": f"Bearer {alice.token}"}
    )
    assert refused.status_code == 403


def test_anyone_downloads_the_published_timetable_per_venue(anonymous: Api) -> None:
    from college.models import Timetable

    timetable = Timetable.objects.get(status="published")
    response = anonymous.client.get(f"/api/v1/timetables/{timetable.pk}/export?format=csv&venue={ids()['xz-elderly']}")
    assert response.status_code == 200
    assert (
        response.content.decode("utf-8-sig").splitlines()[1]
        == "周一,09:00,10:30,太极班,体育,老年人,小竹社区,小竹养老服务中心,龙山路1号,王老师"
    )
    assert "13800000001" not in response.content.decode("utf-8-sig")


def test_volunteer_hours_for_a_coordinators_community(alice: Api, district: Api) -> None:
    term = ids()["2025-autumn"]
    url = f"/api/v1/terms/{term}/volunteer-hours"
    response = alice.client.get(
        url, {"community": ids()["xiaozhu"]}, headers={"authorization": f"Bearer {alice.token}"}
    )
    assert response.status_code == 200
    assert read_xlsx(response.content)[1] == ["wang", "王老师", "小竹社区", 19, 28.5, 0, 0, 28.5]
    assert alice.get(f"terms/{term}/volunteer-hours")[0] == 403
    assert alice.get(f"terms/{term}/volunteer-hours", community=ids()["dazhu"])[0] == 403
    assert district.client.get(url, headers={"authorization": f"Bearer {district.token}"}).status_code == 200


def test_imports_and_hours_are_for_coordinators_only(anonymous: Api, resident: Api) -> None:
    assert anonymous.get("imports/teachers/template")[0] == 401
    assert resident.get("imports/teachers/template")[0] == 403
    assert resident.get(f"terms/{ids()['2025-autumn']}/volunteer-hours", community=ids()["xiaozhu"])[0] == 403


LI_RENAMED = ["li", "改名", "小竹社区", "", "体育", 2, "是", ""]  # 李老师 is 大竹's


@pytest.mark.parametrize("dry_run", ["true", "false"])
def test_alice_importing_a_key_of_another_community_gets_a_row_error_that_reveals_nothing(
    alice: Api, dry_run: str
) -> None:
    from tests.api.conftest import snapshot

    before = snapshot()
    alice.language = "zh-hans"
    status, answer = alice.upload("imports/teachers", "教师.xlsx", xlsx([TEACHER_HEADERS, LI_RENAMED]), dry_run=dry_run)
    problem = {"row": 2, "column": "编号", "message": "编号“li”不能在此使用，请换一个编号。"}
    assert (status, answer["problems"], answer.get("rows", [])) == (200 if dry_run == "true" else 422, [problem], [])
    assert "李老师" not in str(answer) and "大竹" not in str(answer)
    assert snapshot() == before


def test_a_survey_too_large_for_one_download_asks_for_a_community_and_the_page_links_each(
    district: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.contrib.auth.models import User

    from college.domain import imports

    monkeypatch.setattr(imports, "SURVEY_ROWS_AT_MOST", 2)  # the tiny college's 4 residents stand for 250,000
    monkeypatch.setattr("college.admin.imports.SURVEY_ROWS_AT_MOST", 2)
    headers = {"authorization": f"Bearer {district.token}"}
    refused = district.client.get("/api/v1/imports/survey/rows", headers=headers)
    assert (refused.status_code, refused.json()["field"], refused.json()["message"]) == (
        422,
        "community",
        "点单问卷共有 4 位居民：请按社区逐个下载（community=…）。",
    )
    url = f"/api/v1/imports/survey/rows?format=csv&community={ids()['xiaozhu']}"
    xiaozhu = district.client.get(url, headers=headers)
    assert [line.split(",")[2] for line in xiaozhu.content.decode("utf-8-sig").splitlines()[1:]] == ["小竹社区"] * 2
    district.client.force_login(User.objects.get(coordinator__isnull=False, coordinator__communities__isnull=True))
    page = district.client.get("/admin/college/imports/").content.decode()
    assert 'href="/api/v1/imports/survey/rows"' not in page
    assert f'href="/api/v1/imports/survey/rows?community={ids()["dazhu"]}"' in page
    assert 'href="/api/v1/imports/teachers/rows"' in page
