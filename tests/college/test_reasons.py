"""The engine's reasons rendered for coordinators: Chinese first, English second, every name linked by its id."""

from __future__ import annotations

import pytest
from django.utils.translation import override

from college.domain.explanations import Link, admin_url
from college.domain.problem.prepare import build_problem
from college.domain.reasons import described, findings, render, unscheduled
from college.models import Community, InterestGroup, Teacher, Venue
from scheduler import Reason
from scheduler.explain import CORE, explain
from tests.college.workflow import load_two_towns

pytestmark = pytest.mark.django_db


def _impossible_choir() -> InterestGroup:
    term = load_two_towns()
    InterestGroup.objects.filter(key="choir").update(max_size=500, facilities=["kitchen", "piano"])
    choir = InterestGroup.objects.get(key="choir")
    choir.term_pk = term.pk  # type: ignore[attr-defined]
    return choir


def test_a_group_no_venue_suits_is_said_in_chinese_with_its_needs_and_linked_by_id() -> None:
    choir = _impossible_choir()
    (reason,) = explain(build_problem(choir.term_pk))  # type: ignore[attr-defined]
    with override("zh-hans"):
        (finding,) = render([reason])
    east = Community.objects.get(key="east")
    assert finding.text == "合唱 需要东湖社区内具备至少 500 个座位、厨房、钢琴的场地：没有场地全部满足。"
    assert finding.links == (Link("合唱", admin_url(choir)), Link("东湖社区", admin_url(east)))
    assert f'<a href="{admin_url(choir)}">合唱</a>' in finding.html


def test_the_same_reason_is_said_in_english_when_the_reader_reads_english() -> None:
    choir = _impossible_choir()
    stored = [r.as_json() for r in explain(build_problem(choir.term_pk))]  # type: ignore[attr-defined]
    with override("en"):
        (finding,) = findings(stored)
    assert (
        finding.text == "合唱 needs a venue in 东湖社区 with at least 500 seats, Kitchen, Piano: none has all of that."
    )


def test_a_renamed_group_is_linked_by_its_id_not_found_by_its_old_name() -> None:
    choir = _impossible_choir()
    stored = [r.as_json() for r in explain(build_problem(choir.term_pk))]  # type: ignore[attr-defined]
    InterestGroup.objects.filter(pk=choir.pk).update(name="合唱团（新）")
    with override("zh-hans"):
        (finding,) = findings(stored)
    assert finding.text.startswith("合唱团（新） 需要")
    assert finding.links[0] == Link("合唱团（新）", admin_url(choir))


def test_a_core_is_one_sentence_with_a_part_per_rule() -> None:
    load_two_towns()
    core = Reason(
        CORE,
        parts=(
            Reason("placement", {"group": ("taichi",)}, {"sessions": 2}),
            Reason("teacher_conflict", {"teacher": ("zhao",)}),
            Reason("venue_conflict", {"venue": ("east-room",)}),
        ),
    )
    zhao, room = Teacher.objects.get(key="zhao"), Venue.objects.get(key="east-room")
    with override("zh-hans"):
        (finding,) = render([core])
    assert finding.text == (
        "以下条件无法同时满足：太极拳 每周上 2 次课；赵老师 老师同一时间只能在一个地方；"
        "东湖活动室 同一时间只能上一节课。"
    )
    assert [link.url for link in finding.links] == [
        admin_url(InterestGroup.objects.get(key="taichi")),
        admin_url(zhao),
        admin_url(room),
    ]
    with override("en"):
        (finding,) = render([core])
    assert finding.text == (
        "These cannot all hold at once: 太极拳 meets 2 time(s) a week; teacher 赵老师 is in one place at a time; "
        "venue 东湖活动室 hosts one session at a time."
    )


def test_names_are_escaped_in_the_html_and_an_unknown_id_stays_plain_text() -> None:
    load_two_towns()
    InterestGroup.objects.filter(key="chess").update(name="<b>象棋</b>")
    reason = Reason(
        "venue_conflict.shortage", {"group": ("chess", "gone"), "venue": ("west-room",)}, {"need": 3, "slots": 2}
    )
    with override("en"):
        (finding,) = render([reason])
    assert "<b>" not in finding.html and "&lt;b&gt;象棋&lt;/b&gt;" in finding.html
    assert finding.text.startswith("<b>象棋</b>, gone need 3 sessions in 西山活动室")
    assert [link.label for link in finding.links] == ["<b>象棋</b>", "西山活动室"]


def test_the_api_form_carries_the_sentence_and_the_reason_it_was_made_from() -> None:
    load_two_towns()
    reason = Reason("teacher_load.over_max", {"teacher": ("li",), "group": ("chess", "drones")}, {"need": 7, "max": 6})
    with override("en"):
        (item,) = described([reason.as_json(), {"text": "an old sentence", "links": []}][:1])
    assert item["code"] == "teacher_load.over_max"
    assert item["ids"] == {"teacher": ["li"], "group": ["chess", "drones"]}
    assert item["numbers"] == {"need": 7, "max": 6}
    assert item["text"] == (
        "Teacher 李老师 must teach 7 sessions a week (象棋, 无人机) but may teach at most 6: "
        "raise the maximum or give a group another teacher."
    )
    assert described([{"text": "an old sentence", "links": []}]) == [{"text": "an old sentence", "links": []}]


def test_left_out_groups_are_listed_before_a_reason_that_does_not_name_them_itself() -> None:
    load_two_towns()
    core = Reason(CORE, parts=(Reason("placement", {"group": ("chess",)}, {"sessions": 1}),))
    alone = Reason("placement.no_slot", {"group": ("drones",), "teacher": ("li",)})
    stored = [
        {"groups": ["chess", "drones"], "reason": core.as_json()},
        {"groups": ["drones"], "reason": alone.as_json()},
    ]
    with override("zh-hans"):
        together, single = unscheduled(stored)
    assert (together.text, together.named, together.keys) == ("象棋、无人机", False, ("chess", "drones"))
    assert (single.text, single.named) == ("无人机", True)
    assert single.reason.text.startswith("在 李老师 老师有空的时候，没有适合 无人机 的场地开放")
