"""Access-related admin pages (API tokens, coordinators, users' and groups' permissions) read in Chinese."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import reverse
from django.utils import translation

from college.models import ApiToken, Coordinator
from tests.college.factories import load_tiny_college, make_coordinator
from tests.college.pages.html import text

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client: Client) -> Client:
    """A superuser who is also the district coordinator, with one API token."""
    load_tiny_college()
    user = make_coordinator()
    User.objects.filter(pk=user.pk).update(is_superuser=True)
    Coordinator.objects.update_or_create(user=user, defaults={"is_district": True})
    ApiToken.issue(user, "考勤系统")
    client.force_login(user)
    return client


def page(client: Client, name: str, *args: object, language: str = "zh-hans") -> str:
    response = client.get(reverse(f"admin:{name}", args=args), headers={"accept-language": language})
    assert response.status_code == 200
    return text(response)


def test_api_token_pages_name_every_column_field_and_help_in_chinese(admin_client: Client) -> None:
    listing = page(admin_client, "college_apitoken_changelist")
    assert "名称 用户 开头字符 创建时间 最近使用时间 吊销时间" in listing
    assert "吊销所选的 API 令牌" in listing
    adding = page(admin_client, "college_apitoken_add")
    assert "令牌的用途，例如“微信小程序”。" in adding
    changing = page(admin_client, "college_apitoken_change", ApiToken.objects.get().pk)
    assert "开头字符: 令牌的前几个字符，用于辨认。 kb_" in changing
    for english in ("begins with", "last used at", "revoked at", "What the token is for", "API token", "Select an"):
        assert english not in listing + adding + changing


def test_coordinator_pages_name_the_district_scope_in_chinese(admin_client: Client) -> None:
    listing = page(admin_client, "college_coordinator_changelist")
    assert "用户 区级协调员 社区" in listing
    changing = page(admin_client, "college_coordinator_change", Coordinator.objects.get().pk)
    assert "区级协调员 可查看和修改所有社区。" in changing
    for english in ("district coordinator", "Sees and changes every community", "coordinators"):
        assert english not in listing + changing


def test_permissions_and_the_coordinators_group_read_in_chinese(admin_client: Client) -> None:
    group = page(admin_client, "auth_group_change", Group.objects.get(name="Coordinators").pk)
    assert "社区学院 | API 令牌 | 可以增加API 令牌" in group
    assert "社区学院 | 调休上课日 | 可以修改调休上课日" in group
    assert "Can add" not in group and "Can change" not in group
    coordinator = User.objects.get(username="coordinator")
    user = page(admin_client, "auth_user_change", coordinator.pk)
    assert "社区学院 | 协调员 | 可以查看协调员" in user
    html = admin_client.get(reverse("admin:auth_user_change", args=[coordinator.pk])).content.decode()
    groups = html.split('name="groups"', 1)[1].split("</select>", 1)[0]
    assert f'<option value="{coordinator.groups.get().pk}" selected>协调员</option>' in groups
    assert "Can view" not in user
    assert "协调员" in page(admin_client, "auth_group_changelist")


def test_the_same_pages_stay_english_for_an_english_browser(admin_client: Client) -> None:
    listing = page(admin_client, "college_apitoken_changelist", language="en")
    assert "Name User Begins with Created at Last used at Revoked at" in listing
    group = page(admin_client, "auth_group_change", Group.objects.get(name="Coordinators").pk, language="en")
    assert "Community college | API token | Can add API token" in group


def test_a_timetable_breaking_hard_rules_is_refused_in_chinese_in_the_plural_too() -> None:
    with translation.override("zh-hans"):
        message = translation.ngettext(
            "The timetable breaks %(count)d hard rule and was not saved: %(shown)s.",
            "The timetable breaks %(count)d hard rules and was not saved: %(shown)s.",
            3,
        )
    assert message % {"count": 3, "shown": "…"} == "该课表违反了 3 条硬性规则，未保存：…。"
