"""The admin's import page: dry run, every problem shown, then "Import now" without a second upload."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from college.domain.people import coordinators
from college.models import Community, Teacher
from tests.college.factories import load_tiny_college
from tests.college.imports.sheets import TEACHER_HEADERS, xlsx

pytestmark = pytest.mark.django_db

ZHAO = ["zhao", "赵老师", "小竹社区", "", "艺术", 3, "是", ""]


@pytest.fixture
def signed_in(client: Client) -> Client:
    load_tiny_college()
    user, _ = coordinators.make_coordinator(
        "alice", "pw-for-tests-only", communities=Community.objects.filter(key="xiaozhu")
    )
    client.force_login(user)
    return client


def upload(client: Client, rows: list[list[object]], **extra: object) -> object:
    data = {"kind": "teachers", "file": SimpleUploadedFile("教师.xlsx", xlsx(rows)), "dry_run": "on", **extra}
    return client.post(reverse("college_imports"), data)


def test_dry_run_shows_the_rows_and_offers_to_import_them(signed_in: Client) -> None:
    page = upload(signed_in, [TEACHER_HEADERS, ZHAO])
    assert page.status_code == 200
    assert [(r.key, r.action) for r in page.context["report"].rows] == [("zhao", "create")]
    assert Teacher.objects.filter(key="zhao").exists() is False
    carried = page.context["carried"]
    imported = signed_in.post(reverse("college_imports"), carried)
    assert imported.context["report"].written is True
    assert Teacher.objects.get(key="zhao").name == "赵老师"


def test_every_problem_is_listed_with_its_row_and_column_and_nothing_is_offered(signed_in: Client) -> None:
    bad = ["sun", "孙老师", "大竹社区", "", "体育", 2, "是", ""]
    page = upload(signed_in, [TEACHER_HEADERS, ZHAO, bad])
    assert [(p.row, p.column, p.message) for p in page.context["report"].problems] == [
        (3, "所属社区", "您不是大竹社区的协调员。")
    ]
    assert page.context["carried"] == {}
    assert "您不是大竹社区的协调员。" in page.text


def test_the_page_needs_a_coordinator(client: Client) -> None:
    load_tiny_college()
    user, _ = coordinators.make_coordinator("staff", "pw-for-tests-only")
    user.coordinator.delete()
    client.force_login(user)
    assert client.get(reverse("college_imports")).status_code == 403
    client.logout()
    assert client.get(reverse("college_imports")).status_code == 302


def test_teacher_list_links_to_the_import_page(signed_in: Client) -> None:
    page = signed_in.get(reverse("admin:college_teacher_changelist"))
    assert reverse("college_imports") in page.text
