"""The activity catalogue (活动项目): groups name their activity, residents wish for activities nobody offers yet,
and a wish for an activity counts for a scheduled group of it in a community the resident can reach."""

from __future__ import annotations

import dataclasses

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.urls import reverse

from college.domain.people import coordinators
from college.domain.problem.from_records import problem_from_records
from college.domain.problem.prepare import build_problem
from college.domain.records.load import RecordsError, load_college, read_college
from college.domain.records.types import ActivityWishRecord, CollegeRecords
from college.models import Activity, ActivityWish, Community, InterestGroup, Term, pinyin_initials
from tests.college.factories import load_tiny_college, replace_item, tiny_records


def with_wish(records: CollegeRecords, wish: ActivityWishRecord) -> CollegeRecords:
    return dataclasses.replace(records, activity_wishes=(*records.activity_wishes, wish))


def wished_groups(records: CollegeRecords) -> dict[str, tuple[str, ...]]:
    problem = problem_from_records(records, records.terms[0])
    return {r.id: r.wished for r in problem.residents}


def test_an_activity_wish_counts_for_a_group_of_that_activity_in_a_community_within_reach() -> None:
    records = with_wish(tiny_records(), ActivityWishRecord("r1", "茶艺", 1, ("xiaozhu", "dazhu")))
    assert wished_groups(records)["r1"] == ("tea",)


def test_an_activity_wish_does_not_count_for_a_group_out_of_reach() -> None:
    records = with_wish(tiny_records(), ActivityWishRecord("r1", "茶艺", 1, ("xiaozhu",)))
    assert wished_groups(records)["r1"] == ()  # 张阿姨 stays enrolled in 太极班 and wishes for no group


def test_an_activity_only_an_unregistered_group_offers_stays_unmet() -> None:
    records = with_wish(tiny_records(), ActivityWishRecord("r2", "插画", 2, ("dazhu",)))
    assert wished_groups(records)["r2"] == ()  # 插画 is not registered (报备), so not scheduled


def test_an_activity_wish_for_a_group_already_chosen_counts_once() -> None:
    records = with_wish(tiny_records(), ActivityWishRecord("r4", "太极拳", 2, ("xiaozhu",)))
    assert wished_groups(records)["r4"] == ("taichi",)


@pytest.mark.django_db
def test_the_problem_built_from_the_database_sees_activity_wishes() -> None:
    load_college(with_wish(tiny_records(), ActivityWishRecord("r1", "茶艺", 1, ("xiaozhu", "dazhu"))))
    problem = build_problem(Term.objects.get(key="2025-autumn").pk)
    assert {r.id: r.wished for r in problem.residents}["r1"] == ("tea",)


@pytest.mark.django_db
def test_activity_wishes_and_their_reach_load_read_back_and_are_replaced_as_a_list() -> None:
    records = load_tiny_college()
    assert read_college() == records
    moved = replace_item(records, "activity_wishes", 0, communities=("dazhu",))
    report = load_college(moved)
    assert (report.counts["wishes' reach"].deleted, report.counts["wishes' reach"].created) == (2, 1)
    assert list(ActivityWish.objects.get().reach.values_list("key", flat=True)) == ["dazhu"]
    assert load_college(moved).changed is False


def test_records_naming_unknown_activities_or_communities_are_refused() -> None:
    records = with_wish(tiny_records(), ActivityWishRecord("r1", "广场舞", 0, ("nowhere",)))
    records = replace_item(records, "groups", 0, activity="太极")
    with pytest.raises(RecordsError) as refused:
        load_college(records)
    assert refused.value.problems == [
        "group 'taichi': unknown activity '太极'",
        "wish of resident 'r1' for activity '广场舞': unknown activity",
        "wish of resident 'r1' for activity '广场舞': rank 0 must be at least 1",
        "wish of resident 'r1' for activity '广场舞': unknown community 'nowhere'",
    ]


def test_activity_initials_are_the_pinyin_of_the_name_and_its_other_names() -> None:
    assert pinyin_initials("广场舞", "坝坝舞") == "gcw bbw"
    assert pinyin_initials("AI入门") == "airm"


@pytest.fixture
def alice(client: Client) -> Client:
    """A coordinator of 小竹 only."""
    load_tiny_college()
    user, _ = coordinators.make_coordinator(
        "alice", "pw-for-tests-only", communities=Community.objects.filter(key="xiaozhu")
    )
    client.force_login(user)
    return client


def search(client: Client, words: str) -> list[str]:
    page = client.get(reverse("admin:college_activity_changelist"), {"q": words})
    return [a.name for a in page.context["cl"].result_list]


@pytest.mark.django_db
def test_a_coordinator_finds_an_activity_by_pinyin_initials_or_another_name(alice: Client) -> None:
    assert search(alice, "zyfd") == ["作业辅导"]
    assert search(alice, "课后托管") == ["作业辅导"]
    assert search(alice, "tjq") == ["太极拳"]


@pytest.mark.django_db
def test_any_coordinator_adds_to_the_catalogue_and_its_initials_follow(alice: Client) -> None:
    added = alice.post(
        reverse("admin:college_activity_add"),
        {"key": "广场舞", "name": "广场舞", "category": "sports", "synonyms": "坝坝舞", "description": ""},
    )
    assert added.status_code == 302
    assert Activity.objects.get(key="广场舞").initials == "gcw bbw"


@pytest.mark.django_db
def test_a_coordinator_of_another_community_neither_sees_nor_changes_a_residents_activity_wish(alice: Client) -> None:
    wish = ActivityWish.objects.get()  # 小明 of 大竹 wishes for 作业辅导
    assert list(alice.get(reverse("admin:college_activitywish_changelist")).context["cl"].result_list) == []
    assert alice.get(reverse("admin:college_activitywish_change", args=[wish.pk])).status_code == 302  # not found
    form = {"resident": wish.resident_id, "activity": wish.activity_id, "rank": 1, "reach": [wish.reach.first().pk]}
    page = alice.post(reverse("admin:college_activitywish_add"), form)
    assert list(page.context["adminform"].form.errors) == ["resident"]
    assert ActivityWish.objects.count() == 1


@pytest.mark.django_db
def test_a_group_must_name_its_activity_in_the_admin(alice: Client) -> None:
    page = alice.get(reverse("admin:college_interestgroup_add"))
    assert page.context["adminform"].form.fields["activity"].required is True


@pytest.mark.django_db(transaction=True)
def test_the_migration_names_each_existing_groups_activity_after_the_group() -> None:
    executor = MigrationExecutor(connection)
    before = [("college", "0009_new_calendar_quota")]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    community = old.get_model("college", "Community").objects.create(key="c", name="小竹社区", district="渝北区")
    teacher = old.get_model("college", "Teacher").objects.create(key="t", name="王老师", community=community)
    Group = old.get_model("college", "InterestGroup")
    for key, name in (("a", "太极班"), ("b", "太极班"), ("c", "书法")):
        Group.objects.create(key=key, name=name, category="sports", community=community, teacher=teacher)
    executor = MigrationExecutor(connection)
    executor.migrate([("college", "0011_activities_of_existing_groups")])
    named = {g.key: (g.activity.key, g.activity.category) for g in InterestGroup.objects.select_related("activity")}
    assert named == {"a": ("太极班", "sports"), "b": ("太极班", "sports"), "c": ("书法", "sports")}
    assert Activity.objects.get(key="太极班").initials == "tjb"
    assert sorted(a.name for a in InterestGroup.objects.get(key="a").teacher.activities.all()) == ["书法", "太极班"]
    MigrationExecutor(connection).migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
