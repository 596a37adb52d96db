"""The week grid's session panel: pin and unpin, and cancel or move ONE date of a published session from the dates it
really meets, refusing past dates, the teacher's unavailable hours and a closed or taken venue, and showing the
residents it touches. Alice, coordinator of 小竹 only, can neither open nor change 大竹's sessions."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pytest
from django.test import Client
from django.urls import resolve
from freezegun import freeze_time

from college.models import Community, OccurrenceChange, Session, Timetable, Venue, VenueOpening
from tests.college.calendar.factories import session_of
from tests.college.pages.html import text

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]

TODAY = "2026-11-10 02:00"  # Tuesday 10 November 2026, 10:00 in Shanghai


@pytest.fixture
def frozen() -> Iterator[None]:
    resolve("/coordinate/")  # the URLconf (and the API's date schemas) load before dates are faked
    with freeze_time(TODAY, tz_offset=0):
        yield


def taichi(published: Timetable, number: int = 1) -> Session:
    return session_of(published.term, "taichi", number)


def panel(client: Client, session: Session) -> str:
    response = client.get(f"/coordinate/sessions/{session.pk}/?panel=1")
    assert response.status_code == 200
    return response.content.decode()


def offered_dates(html: str) -> list[str]:
    select = html.split('name="date"', 1)[1].split("</select>", 1)[0]
    return re.findall(r'<option value="([\d-]+)"', select)


def post(client: Client, session: Session, **data: str):
    return client.post(f"/coordinate/sessions/{session.pk}/date/", {"next": "/coordinate/", "reason": "", **data})


def test_the_panel_shows_the_session_its_residents_and_only_its_coming_real_dates(
    district_client: Client, published: Timetable
) -> None:
    html = panel(district_client, taichi(published))
    assert "星期一 09:00–10:30" in text(district_client.get(f"/coordinate/sessions/{taichi(published).pk}/"))
    assert "2 位居民感兴趣（1 人已报名）" in " ".join(re.sub(r"<[^>]+>", " ", html).split())
    dates = offered_dates(html)
    # Mondays from 16 November (9 November has passed), to 11 January; none on a holiday.
    assert dates[:3] == ["2026-11-16", "2026-11-23", "2026-11-30"]
    assert dates[-1] == "2027-01-11"
    assert "2026-11-09" not in dates


def test_cancelling_one_date_from_the_panel_goes_back_to_the_grid(
    district_client: Client, published: Timetable
) -> None:
    session = taichi(published)
    grid = f"/coordinate/timetables/{published.pk}/?community="
    response = district_client.post(
        f"/coordinate/sessions/{session.pk}/date/",
        {"date": "2026-11-16", "action": "cancel", "reason": "王老师出差", "next": grid},
    )
    assert (response.status_code, response["Location"]) == (302, grid)
    change = OccurrenceChange.objects.get()
    assert (change.date, change.cancelled, change.reason) == (dt.date(2026, 11, 16), True, "王老师出差")
    assert "太极班 11月16日 已停课。" in text(district_client.get(grid))
    html = panel(district_client, session)
    assert "11月16日 星期一 · 已停课" in html
    assert "11月16日 已停课 （王老师出差） 撤销" in " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_a_past_date_is_refused_with_a_reason(district_client: Client, published: Timetable) -> None:
    response = post(district_client, taichi(published), date="2026-11-09", action="cancel")
    assert response.status_code == 400
    assert "2026-11-09 已经过去：只能更改今天及以后的日期。" in text(response)
    assert OccurrenceChange.objects.count() == 0


def test_a_move_outside_the_teachers_hours_is_refused(district_client: Client, published: Timetable) -> None:
    response = post(district_client, taichi(published), date="2026-11-16", action="move", new_start="14:00")
    assert response.status_code == 400
    page = text(response)
    assert "王老师 在 星期一 14:00–15:30 没空。" in page
    assert page.count("请同时填写") == 0
    assert OccurrenceChange.objects.count() == 0


def test_a_move_to_a_closed_or_too_small_venue_is_refused(district_client: Client, published: Timetable) -> None:
    small = Venue.objects.create(key="xz-small", community=Community.objects.get(key="xiaozhu"), name="小竹茶室",
                                 capacity=10)  # fmt: skip
    VenueOpening.objects.create(venue=small, weekday=0, start=18 * 60, end=21 * 60)
    response = post(district_client, taichi(published), date="2026-11-16", action="move", new_venue=str(small.pk))
    assert response.status_code == 400
    assert "小竹茶室 在 星期一 09:00–10:30 不开放。" in text(response)
    assert "小竹茶室 有 10 个座位，少于 太极班 的 25 人。" in text(response)
    assert OccurrenceChange.objects.count() == 0


def test_a_move_within_the_teachers_hours_is_saved_and_undone(district_client: Client, published: Timetable) -> None:
    session = taichi(published)
    response = post(district_client, session, date="2026-11-16", action="move", new_start="10:30")
    assert response.status_code == 302
    change = OccurrenceChange.objects.get()
    assert (change.new_start, change.new_end, change.cancelled) == (630, 720, False)
    undo = district_client.post(
        f"/coordinate/sessions/{session.pk}/date/", {"action": "restore", "date": "2026-11-16", "next": "/coordinate/"}
    )
    assert undo.status_code == 302
    assert OccurrenceChange.objects.count() == 0


def test_pin_and_unpin_from_the_panel(district_client: Client, published: Timetable) -> None:
    session = taichi(published)
    assert district_client.post(f"/coordinate/sessions/{session.pk}/pin/", {"pinned": "1"}).status_code == 302
    assert Session.objects.get(pk=session.pk).pinned is True
    assert "取消固定" in panel(district_client, session)
    district_client.post(f"/coordinate/sessions/{session.pk}/pin/", {"pinned": "0"})
    assert Session.objects.get(pk=session.pk).pinned is False


def test_a_draft_session_offers_no_one_off_change(district_client: Client, published: Timetable) -> None:
    draft = Timetable.objects.create(term=published.term, version=2, status="draft")
    session = taichi(published)
    session.pk, session.timetable = None, draft
    session.save()
    assert 'name="date"' not in panel(district_client, session)
    response = post(district_client, session, date="2026-11-16", action="cancel")
    assert response.status_code == 400
    assert OccurrenceChange.objects.count() == 0


def test_alice_can_neither_open_nor_change_another_communitys_session(
    xiaozhu_client: Client, published: Timetable
) -> None:
    tea = session_of(published.term, "tea")
    assert xiaozhu_client.get(f"/coordinate/sessions/{tea.pk}/").status_code == 404
    assert post(xiaozhu_client, tea, date="2026-11-18", action="cancel").status_code == 403
    assert xiaozhu_client.post(f"/coordinate/sessions/{tea.pk}/pin/", {"pinned": "1"}).status_code == 403
    assert (OccurrenceChange.objects.count(), Session.objects.get(pk=tea.pk).pinned) == (0, False)
    assert Client().get(f"/coordinate/sessions/{tea.pk}/").status_code == 302


@pytest.fixture
def draft(published: Timetable) -> Timetable:
    """Version 2, a draft copy of the published week."""
    copy = Timetable.objects.create(term=published.term, version=2, status="draft", solver_status="optimal")
    for s in Session.objects.filter(timetable=published):
        s.pk, s.timetable = None, copy
        s.save()
    return copy


def test_a_drafts_session_previews_a_move_with_its_score_and_wishes_then_saves_it(
    district_client: Client, draft: Timetable
) -> None:
    thursday = Session.objects.get(timetable=draft, group__key="taichi", number=2)
    preview = district_client.get(f"/coordinate/sessions/{thursday.pk}/?panel=1&weekday=4&start=540")
    assert preview.status_code == 200
    shown = " ".join(re.sub(r"<[^>]+>", " ", preview.content.decode()).split())
    assert "星期五 09:00–10:30 小竹广场 所有硬性规则都满足。" in shown
    assert "得分 21 → 41 (+20) 可参加的心愿 2 → 2 / 3" in shown  # the move from the published version costs 20
    assert Session.objects.get(pk=thursday.pk).weekday == 3  # a preview saves nothing
    grid = f"/coordinate/timetables/{draft.pk}/"
    saved = district_client.post(
        f"/coordinate/sessions/{thursday.pk}/move/", {"weekday": "4", "start": "540", "venue": "", "next": grid}
    )
    assert (saved.status_code, saved["Location"]) == (302, grid)
    assert Session.objects.get(pk=thursday.pk).weekday == 4
    assert "太极班 改为 星期五 09:00–10:30 小竹广场 上课。" in text(district_client.get(grid))


def test_a_move_the_verifier_refuses_is_not_offered_and_not_saved(district_client: Client, draft: Timetable) -> None:
    thursday = Session.objects.get(timetable=draft, group__key="taichi", number=2)
    preview = district_client.get(f"/coordinate/sessions/{thursday.pk}/?panel=1&weekday=0&start=540")
    shown = " ".join(re.sub(r"<[^>]+>", " ", preview.content.decode()).split())
    assert (
        "不能这样调整：会违反以下硬性规则 小组当天上两次课（太极班 星期一 09:00–10:30） "
        "老师同时还有另一节课（太极班 星期一 09:00–10:30）"
    ) in shown
    assert 'id="save-move"' not in preview.content.decode()
    refused = district_client.post(f"/coordinate/sessions/{thursday.pk}/move/", {"weekday": "0", "start": "540"})
    assert refused.status_code == 409
    assert "这次调整违反硬性规则，未保存" in text(refused)
    assert Session.objects.get(pk=thursday.pk).weekday == 3


def test_a_start_outside_the_terms_times_is_a_field_error(district_client: Client, draft: Timetable) -> None:
    thursday = Session.objects.get(timetable=draft, group__key="taichi", number=2)
    response = district_client.post(f"/coordinate/sessions/{thursday.pk}/move/", {"weekday": "4", "start": "555"})
    assert response.status_code == 400
    assert "选择一个有效的选项" in text(response)


def test_alice_cannot_move_another_communitys_draft_session(xiaozhu_client: Client, draft: Timetable) -> None:
    tea = Session.objects.get(timetable=draft, group__key="tea")
    assert xiaozhu_client.get(f"/coordinate/sessions/{tea.pk}/?weekday=4&start=1140").status_code == 404
    assert (
        xiaozhu_client.post(f"/coordinate/sessions/{tea.pk}/move/", {"weekday": "4", "start": "1140"}).status_code
        == 403
    )
    assert Session.objects.get(pk=tea.pk).weekday == 2
