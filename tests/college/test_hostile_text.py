"""Clean at the door, escaped at the exit: names refuse control and direction-override characters in the models,
the API and imports; whatever is stored anyway (old data, a raw SQL fix) never breaks or injects into a feed."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import icalendar
import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import translation

from college.domain.imports import import_table
from college.domain.records.read import read_college
from college.models import College, Community, InterestGroup, OccurrenceChange, Resident, Teacher, Term, Venue
from tests.api.conftest import token_for
from tests.college.calendar.factories import make_autumn_term, publish
from tests.college.imports.sheets import TEACHER_HEADERS

pytestmark = pytest.mark.django_db

REFUSED = {
    "CR": "小竹\r广场",
    "LF": "小竹\n广场",
    "TAB": "小竹\t广场",
    "BEL": "小竹\x07广场",
    "ESC": "小竹\x1b[31m广场",
    "NEL": "小竹\x85广场",
    "LINE SEPARATOR": "小竹\u2028广场",
    "RIGHT-TO-LEFT OVERRIDE": "小竹\u202e场广",
    "FIRST STRONG ISOLATE": "小竹\u2068广场",
}
ONE_LINE = "文字须为一行，不能包含换行、制表符、控制字符或文字方向控制字符。"


@pytest.mark.parametrize("text", REFUSED.values(), ids=REFUSED.keys())
def test_a_name_with_a_control_character_is_a_field_error_of_the_model(text: str) -> None:
    venue = Venue(key="v", community=Community(pk=1), name=text, capacity=10)
    with translation.override("zh-hans"), pytest.raises(ValidationError) as error:
        venue.full_clean(exclude=["community"], validate_unique=False, validate_constraints=False)
    assert error.value.message_dict == {"name": [ONE_LINE]}


def test_a_description_keeps_its_line_breaks_but_refuses_escape_sequences() -> None:
    group = InterestGroup(description="第一行\n第二行\r\n\t缩进")
    with pytest.raises(ValidationError) as error:
        group.full_clean()
    assert "description" not in error.value.message_dict
    group.description = "颜色\x1b[31m"
    with pytest.raises(ValidationError) as error:
        group.full_clean()
    assert "description" in error.value.message_dict


@pytest.mark.parametrize("text", REFUSED.values(), ids=REFUSED.keys())
def test_the_api_refuses_a_name_with_a_control_character_and_changes_nothing(client: Client, text: str) -> None:
    make_autumn_term()
    token = token_for("alice", "xiaozhu")
    plaza = Venue.objects.get(key="xz-plaza")
    body = {"key": "xz-plaza", "community": plaza.community_id, "name": text, "kind": "plaza", "capacity": 80}
    before = read_college()
    response = client.put(f"/api/v1/venues/{plaza.pk}", json.dumps(body), content_type="application/json",
                          headers={"authorization": f"Bearer {token}", "accept-language": "zh-hans"})  # fmt: skip
    errors = response.json()["errors"]
    assert (response.status_code, [e["field"] for e in errors]) == (422, ["name"])
    assert read_college() == before


@pytest.mark.parametrize("text", REFUSED.values(), ids=REFUSED.keys())
def test_an_imported_cell_with_a_control_character_is_a_row_error(text: str) -> None:
    make_autumn_term()
    before = read_college()
    row = ["zhao", text, "小竹社区", "", "体育", 2, "是", ""]
    out = io.StringIO()
    csv.writer(out).writerows([TEACHER_HEADERS, row])
    with translation.override("zh-hans"):
        report = import_table("teachers", out.getvalue().encode(), "t.csv", dry_run=False)
    assert [(p.row, p.column, p.message) for p in report.problems] == [(2, "姓名", ONE_LINE)]
    assert (report.written, read_college()) == (False, before)


HOSTILE = "坏\r\nX-INJ:1\r名\n字\rX-INJ:2\t\x07\x1b[0m\u202e,;\\"


def store_hostile_names() -> None:
    """Every name a feed shows, written straight into the database as if validation had never run."""
    College.objects.update(name=HOSTILE)
    Community.objects.update(name=HOSTILE, street=HOSTILE)
    Venue.objects.update(name=HOSTILE, address=HOSTILE)
    Teacher.objects.update(name=HOSTILE)
    Term.objects.update(name=HOSTILE)
    InterestGroup.objects.update(name=HOSTILE, what_to_bring=HOSTILE, description=HOSTILE)
    OccurrenceChange.objects.update(reason=HOSTILE)


def test_no_feed_of_any_kind_breaks_or_lets_a_stored_name_inject_a_property(client: Client) -> None:
    term = make_autumn_term()
    publish(term)
    OccurrenceChange.objects.create(term=term, group=InterestGroup.objects.get(key="tea"), number=1,
                                    date=dt.date(2026, 9, 9), cancelled=True)  # fmt: skip
    store_hostile_names()
    paths = [f"/feeds/group/{g}.ics" for g in ("taichi", "tea")]
    paths += [f"/feeds/venue/{v}.ics" for v in ("xz-elderly", "xz-plaza", "dz-room")]
    paths += [f"/feeds/community/{c}.ics" for c in ("xiaozhu", "dazhu")]
    paths += [f"/feeds/teacher/{t.rotate_feed_token()}.ics" for t in Teacher.objects.order_by("pk")]
    paths += [f"/feeds/resident/{r.rotate_feed_token()}.ics" for r in Resident.objects.order_by("pk")]
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        lines = response.content.split(b"\r\n")
        assert [line for line in lines if line.startswith(b"X-INJ") or b"\r" in line or b"\n" in line] == []
        calendar = icalendar.Calendar.from_ical(response.content)
        assert calendar.errors == []
        names = {str(calendar["NAME"]), str(calendar["X-WR-CALNAME"])}
        assert all("\r" not in n and "\n" not in n and "\u202e" not in n for n in names), names
        for event in calendar.walk("VEVENT"):
            assert "X-INJ" not in event
            assert "\r" not in str(event["SUMMARY"]) and "\x1b" not in str(event["LOCATION"])
