"""Feeds over HTTP as calendar clients use them: headers, 304, HEAD, gzip, raw bytes, private links."""

from __future__ import annotations

import gzip
import logging

import pytest
from django.template import Context, Template
from django.test import Client

from college.domain.calendar.term_dates import holiday_warning
from college.models import InterestGroup, Resident, Teacher
from tests.college.calendar.factories import make_autumn_term, publish

pytestmark = pytest.mark.django_db

LONG_THINGS = "瑜伽垫、毛巾、水杯、运动鞋、宽松的衣服和一颗愿意坚持锻炼的心，天冷请多带一件外套"


@pytest.fixture
def autumn() -> None:
    publish(make_autumn_term())


def test_feed_is_calendar_text_with_etag_and_last_modified(client: Client, autumn: None) -> None:
    response = client.get("/feeds/group/taichi.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["ETag"].startswith('"') and len(response["ETag"]) == 34
    assert response["Last-Modified"] == "Thu, 20 Aug 2026 10:00:00 GMT"
    assert response["Content-Disposition"] == 'inline; filename="group-taichi.ics"'
    assert response["Cache-Control"] == "no-cache"
    assert response.content.startswith(b"BEGIN:VCALENDAR\r\n")


def test_matching_if_none_match_gets_304_without_a_body(client: Client, autumn: None) -> None:
    etag = client.get("/feeds/group/taichi.ics")["ETag"]
    response = client.get("/feeds/group/taichi.ics", headers={"if-none-match": etag})
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag


def test_304_costs_a_fixed_handful_of_queries(client: Client, autumn: None, django_assert_max_num_queries) -> None:
    etag = client.get("/feeds/community/xiaozhu.ics")["ETag"]
    with django_assert_max_num_queries(7):
        assert client.get("/feeds/community/xiaozhu.ics", headers={"if-none-match": etag}).status_code == 304


def test_if_modified_since_the_last_change_gets_304(client: Client, autumn: None) -> None:
    last_modified = client.get("/feeds/venue/dz-room.ics")["Last-Modified"]
    assert client.get("/feeds/venue/dz-room.ics", headers={"if-modified-since": last_modified}).status_code == 304
    earlier = "Wed, 19 Aug 2026 10:00:00 GMT"
    assert client.get("/feeds/venue/dz-room.ics", headers={"if-modified-since": earlier}).status_code == 200


def test_stale_etag_gets_the_whole_feed(client: Client, autumn: None) -> None:
    response = client.get("/feeds/group/taichi.ics", headers={"if-none-match": '"an-old-version"'})
    assert response.status_code == 200
    assert response.content.startswith(b"BEGIN:VCALENDAR")


def test_head_answers_the_headers_of_get_without_a_body(client: Client, autumn: None) -> None:
    get = client.get("/feeds/group/tea.ics")
    head = client.head("/feeds/group/tea.ics")
    assert head.status_code == 200
    assert head.content == b""
    for header in ("Content-Type", "ETag", "Last-Modified", "Content-Length"):
        assert head[header] == get[header], header


def test_feed_is_gzipped_when_asked_and_its_weak_etag_still_matches(client: Client, autumn: None) -> None:
    plain = client.get("/feeds/community/xiaozhu.ics")
    zipped = client.get("/feeds/community/xiaozhu.ics", headers={"accept-encoding": "gzip"})
    assert zipped["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.content) == plain.content
    assert len(zipped.content) < len(plain.content)
    assert zipped["ETag"] == "W/" + plain["ETag"]
    again = client.get(
        "/feeds/community/xiaozhu.ics", headers={"accept-encoding": "gzip", "if-none-match": zipped["ETag"]}
    )
    assert again.status_code == 304


def test_lines_end_in_crlf_and_fold_before_76_octets_without_splitting_a_character(client: Client) -> None:
    term = make_autumn_term()
    InterestGroup.objects.filter(key="taichi").update(what_to_bring=LONG_THINGS)
    publish(term)
    body = client.get("/feeds/group/taichi.ics").content
    assert body.endswith(b"END:VCALENDAR\r\n")
    assert body.count(b"\n") == body.count(b"\r\n")
    lines = body.split(b"\r\n")[:-1]
    assert max(len(line) for line in lines) <= 75
    for line in lines:
        line.decode("utf-8")  # a character split across a fold would not decode
    folded = [line for line in lines if line.startswith(b" ")]
    assert any("坚持".encode() in line or "外套".encode() in line for line in folded)
    assert LONG_THINGS in body.decode("utf-8").replace("\r\n ", "")


@pytest.mark.parametrize("path", ["/feeds/group/nobody.ics", "/feeds/resident/not-a-token.ics",
                                  "/feeds/teacher/not-a-token.ics", "/feeds/timetable/taichi.ics",
                                  "/feeds/resident/" + "x" * 500 + ".ics"])  # fmt: skip
def test_unknown_feed_or_token_is_a_plain_404(client: Client, autumn: None, path: str) -> None:
    response = client.get(path)
    assert (response.status_code, response["Content-Type"], response.content) == (
        404, "text/plain; charset=utf-8", b"Not found.\n"
    )  # fmt: skip


def test_feeds_only_answer_get_and_head(client: Client, autumn: None) -> None:
    assert client.post("/feeds/group/taichi.ics").status_code == 405


def test_another_residents_rotated_token_gets_404(client: Client, autumn: None) -> None:
    alice = Resident.objects.get(key="r1")
    old = alice.rotate_feed_token()
    assert client.get(f"/feeds/resident/{old}.ics").status_code == 200
    new = alice.rotate_feed_token()
    charlie = Client()  # holds Alice's old link
    assert charlie.get(f"/feeds/resident/{old}.ics").status_code == 404
    assert client.get(f"/feeds/resident/{new}.ics").status_code == 200


def test_private_feeds_are_not_cached_by_shared_caches_or_indexed(client: Client, autumn: None) -> None:
    token = Teacher.objects.get(key="wang").rotate_feed_token()
    response = client.get(f"/feeds/teacher/{token}.ics")
    assert response.status_code == 200
    assert (response["Cache-Control"], response["X-Robots-Tag"]) == ("private, no-cache", "noindex, nofollow")
    assert response["Content-Disposition"] == 'inline; filename="teacher.ics"'


def test_no_feed_shows_resident_names_or_teacher_phone_numbers(client: Client, autumn: None) -> None:
    paths = [f"/feeds/group/{key}.ics" for key in ("taichi", "tea", "sketch")]
    paths += [f"/feeds/venue/{key}.ics" for key in ("xz-elderly", "xz-plaza", "dz-room")]
    paths += [f"/feeds/community/{key}.ics" for key in ("xiaozhu", "dazhu")]
    paths += [f"/feeds/teacher/{t.rotate_feed_token()}.ics" for t in Teacher.objects.all()]
    paths += [f"/feeds/resident/{r.rotate_feed_token()}.ics" for r in Resident.objects.all()]
    secrets = [*Resident.objects.values_list("name", flat=True), *Teacher.objects.values_list("phone", flat=True)]
    assert len(secrets) == 6
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        text = response.content.decode("utf-8").replace("\r\n ", "")
        assert [secret for secret in secrets if secret in text] == [], path
    assert "王老师" in client.get("/feeds/group/taichi.ics").content.decode()  # teachers' names are public


def test_term_past_the_known_holidays_is_served_with_a_warning_to_coordinators(
    client: Client, autumn: None, caplog: pytest.LogCaptureFixture
) -> None:
    holiday_warning.cache_clear()
    with caplog.at_level(logging.WARNING, logger="college.calendar"):
        response = client.get("/feeds/group/taichi.ics")
    assert response.status_code == 200
    assert [r.getMessage() for r in caplog.records] == [
        "Term 2026-autumn: 2027 年的法定节假日尚未公布（国务院公布后 chinese-calendar 才会收录）："
        "请把本学期的节假日作为停课日、调休上班的周末作为调休上课日手工录入。"
    ]


def test_pages_get_webcal_and_https_links_from_the_template_tag() -> None:
    template = Template(
        '{% load calendar_links %}{% feed_links "group" key as links %}{{ links.webcal }} {{ links.https }}'
    )
    assert template.render(Context({"key": "taichi"})) == (
        "webcal://127.0.0.1:8000/feeds/group/taichi.ics http://127.0.0.1:8000/feeds/group/taichi.ics"
    )
