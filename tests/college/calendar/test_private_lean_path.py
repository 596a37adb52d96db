"""Private feeds through the WSGI application as served: after the first request, polls are answered from the
stored rendering with one query and the same bytes, ETag and headers as the full stack; every change still shows."""

from __future__ import annotations

import datetime as dt
import gzip
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.db import connection
from django.test import Client, RequestFactory

from college.domain.calendar.occurrences import cancel_occurrence
from college.domain.people.personal import set_picks
from college.models import InterestGroup, Resident, Teacher, Term, Timetable
from college.wsgi import application
from tests.college.calendar.factories import make_autumn_term, publish, session_of

pytestmark = pytest.mark.django_db(transaction=True)  # the WSGI handler closes connections as in production

SAME = ("Content-Type", "Content-Disposition", "ETag", "Last-Modified", "Content-Language", "Cache-Control",
        "X-Robots-Tag", "Referrer-Policy", "X-Frame-Options", "X-Content-Type-Options", "Content-Length", "Vary",
        "Content-Encoding")  # fmt: skip


@contextmanager
def one_statement(django_assert_num_queries: Any) -> Iterator[None]:
    """Nothing through Django's handler or ORM, and (on SQLite, which can trace it) one SQL statement in all."""
    connection.ensure_connection()
    seen: list[str] = []
    if connection.vendor == "sqlite":
        connection.connection.set_trace_callback(seen.append)
    with django_assert_num_queries(0):
        yield
    if connection.vendor == "sqlite":
        connection.connection.set_trace_callback(None)
        assert len(seen) == 1, seen


def served(path: str, method: str = "get", **headers: str) -> tuple[int, dict[str, str], bytes]:
    """A request through ``college.wsgi.application``, as gunicorn makes it."""
    environ = getattr(RequestFactory(), method)(path, headers=headers).environ
    started: list[Any] = []
    body = b"".join(application(environ, lambda status, headers, *_: started.extend((status, headers))))
    status, header_list = started
    return int(status.split()[0]), dict(header_list), body


@pytest.fixture
def resident_link() -> str:
    term = make_autumn_term()
    published = publish(term)
    resident = Resident.objects.get(key="r1")
    set_picks(resident.pk, [InterestGroup.objects.get(key="taichi").pk], published)
    return f"/feeds/resident/{resident.rotate_feed_token()}.ics"


def test_a_repeat_poll_costs_one_query_and_answers_what_the_full_stack_answers(
    resident_link: str, django_assert_num_queries: Any
) -> None:
    first = served(resident_link)  # rendered by the view, and stored
    full = Client().get(resident_link)
    with one_statement(django_assert_num_queries):
        again = served(resident_link)
    assert first[0] == again[0] == 200
    assert first[2] == again[2] == full.content
    assert b"SUMMARY:\xe5\xa4\xaa\xe6\x9e\x81\xe7\x8f\xad" in again[2]  # 太极班
    assert {h: again[1].get(h) for h in SAME} == {h: full.headers.get(h) for h in SAME}


def test_not_modified_from_the_stored_etag_or_date(resident_link: str, django_assert_num_queries: Any) -> None:
    status, headers, _body = served(resident_link)
    full = Client().get(resident_link, headers={"if-none-match": headers["ETag"]})
    with one_statement(django_assert_num_queries):
        status, lean, body = served(resident_link, if_none_match=headers["ETag"])
    assert (status, body) == (304, b"")
    assert {h: lean.get(h) for h in SAME} == {h: full.headers.get(h) for h in SAME}
    assert served(resident_link, if_none_match=f'"old", W/{headers["ETag"]}')[0] == 304
    assert served(resident_link, if_modified_since=headers["Last-Modified"])[0] == 304
    assert served(resident_link, if_none_match='"old"')[0] == 200


def test_gzip_and_head_answer_like_the_full_stack(resident_link: str) -> None:
    served(resident_link)
    status, lean, body = served(resident_link, accept_encoding="gzip, deflate")
    full = Client().get(resident_link, headers={"accept-encoding": "gzip, deflate"})
    assert status == 200 and lean["ETag"].startswith('W/"')
    assert gzip.decompress(body) == gzip.decompress(full.content)
    assert {h: lean.get(h) for h in SAME if h != "Content-Length"} == {
        h: full.headers.get(h) for h in SAME if h != "Content-Length"
    }
    status, head, body = served(resident_link, method="head")
    assert (status, body, head["Content-Length"]) == (200, b"", str(len(Client().get(resident_link).content)))


def test_a_replaced_or_revoked_link_is_a_plain_404_at_once(resident_link: str) -> None:
    served(resident_link)
    assert served(resident_link)[0] == 200  # stored
    resident = Resident.objects.get(key="r1")
    fresh = f"/feeds/resident/{resident.rotate_feed_token()}.ics"
    assert served(resident_link)[:1] == (404,)
    assert served(fresh)[0] == 200
    resident.revoke_feed_token()
    assert served(fresh)[0] == 404
    assert served(fresh)[2] == b"Not found.\n"


def test_new_picks_a_one_off_change_and_a_rename_show_on_the_next_poll(resident_link: str) -> None:
    served(resident_link)
    resident = Resident.objects.get(key="r1")
    set_picks(resident.pk, [InterestGroup.objects.get(key="tea").pk], Timetable.objects.get(status="published"))
    body = served(resident_link)[2]
    assert "茶艺".encode() in body and "太极班".encode() not in body
    cancel_occurrence(session_of(Term.objects.get(key="2026-autumn"), "tea").pk, dt.date(2026, 9, 16), "停电")
    assert b"STATUS:CANCELLED" in served(resident_link)[2]
    teacher = Teacher.objects.get(key="li")
    teacher.name = "李明老师"
    teacher.save()
    assert "李明老师".encode() in served(resident_link)[2]
    assert served(resident_link)[2] == Client().get(resident_link).content


def test_a_teachers_link_takes_the_same_path(resident_link: str, django_assert_num_queries: Any) -> None:
    link = f"/feeds/teacher/{Teacher.objects.get(key='wang').rotate_feed_token()}.ics"
    first = served(link)
    with one_statement(django_assert_num_queries):
        again = served(link)
    assert again[2] == first[2] == Client().get(link).content
