"""Every write endpoint refuses the personas who must not change 小竹's data, and changes nothing when it does.

The personas: bob (coordinator of 大竹 only), an anonymous caller, a resident and a teacher with their
private link tokens. A write open to one of them (a teacher's own availability) lists who may call it.
The table must name every write operation of the OpenAPI document, so a new endpoint cannot skip it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from api.main import api
from college.domain.calendar.occurrences import cancel_occurrence
from college.models import Session
from tests.api.conftest import Api, ids, snapshot
from tests.api.test_communities_and_terms import new_term
from tests.api.test_groups import new_group
from tests.api.test_residents import new_resident
from tests.api.test_teachers import new_teacher
from tests.api.test_venues import new_venue
from tests.college.factories import make_timetable_with_session
from tests.college.imports.sheets import TEACHER_HEADERS, xlsx

pytestmark = pytest.mark.django_db

PERSONAS = ("bob", "anonymous", "resident", "teacher")
WINDOWS = {"windows": [{"weekday": 1, "start": "09:00", "end": "10:00"}]}


def teachers_of_xiaozhu() -> bytes:
    return xlsx([TEACHER_HEADERS, ["zhao", "赵老师", "小竹社区", "", "体育", 2, "是", ""]])


def _session() -> int:
    return Session.objects.get(timetable__status="published").pk


def _queued_job() -> int:
    from college.models import SolveJob

    job = SolveJob.objects.first() or SolveJob.objects.create(term_id=ids()["2025-autumn"], time_limit=5)
    return job.pk


def _draft() -> int:
    from college.models import Timetable

    draft = Timetable.objects.filter(status="draft").first()
    return draft.pk if draft else make_timetable_with_session(version=2, status="draft").pk


def _archived() -> int:
    from college.models import Timetable

    archived = Timetable.objects.filter(status="archived").first()
    return archived.pk if archived else make_timetable_with_session(version=3, status="archived").pk


# operation → (path, body, personas allowed to call it). Paths and bodies are built once the college is loaded.
WRITES: dict[str, tuple[Callable[[], str], Callable[[], Any], tuple[str, ...]]] = {
    "POST /api/v1/communities": (lambda: "communities", lambda: {"key": "zz", "name": "中竹社区"}, ()),
    "PUT /api/v1/communities/{id}": (
        lambda: f"communities/{ids()['xiaozhu']}",
        lambda: {"key": "xiaozhu", "name": "改名"},
        (),
    ),
    "POST /api/v1/venues": (lambda: "venues", new_venue, ()),
    "PUT /api/v1/venues/{id}": (lambda: f"venues/{ids()['xz-plaza']}", lambda: new_venue(key="xz-plaza"), ()),
    "DELETE /api/v1/venues/{id}": (lambda: f"venues/{ids()['xz-plaza']}", lambda: None, ()),
    "POST /api/v1/teachers": (lambda: "teachers", new_teacher, ()),
    "PUT /api/v1/teachers/{id}": (lambda: f"teachers/{ids()['wang']}", lambda: new_teacher(key="wang"), ()),
    "DELETE /api/v1/teachers/{id}": (lambda: f"teachers/{ids()['wang']}", lambda: None, ()),
    "POST /api/v1/groups": (lambda: "groups", new_group, ()),
    "PUT /api/v1/groups/{id}": (lambda: f"groups/{ids()['taichi']}", lambda: new_group(key="taichi"), ()),
    "DELETE /api/v1/groups/{id}": (lambda: f"groups/{ids()['taichi']}", lambda: None, ()),
    "POST /api/v1/residents": (lambda: "residents", new_resident, ()),
    "PUT /api/v1/residents/{id}": (lambda: f"residents/{ids()['r1']}", lambda: new_resident(key="r1"), ()),
    "DELETE /api/v1/residents/{id}": (lambda: f"residents/{ids()['r1']}", lambda: None, ()),
    "PUT /api/v1/residents/{id}/interests": (
        lambda: f"residents/{ids()['r1']}/interests",
        lambda: {"interests": []},
        (),
    ),
    "POST /api/v1/terms": (lambda: "terms", new_term, ()),
    "PUT /api/v1/terms/{id}": (lambda: f"terms/{ids()['2025-autumn']}", lambda: new_term(key="2025-autumn"), ()),
    "POST /api/v1/sessions/{id}/pin": (lambda: f"sessions/{_session()}/pin", lambda: {}, ()),
    "DELETE /api/v1/sessions/{id}/pin": (lambda: f"sessions/{_session()}/pin", lambda: None, ()),
    "POST /api/v1/sessions/{id}/cancellations": (
        lambda: f"sessions/{_session()}/cancellations",
        lambda: {"date": "2025-11-10"},
        (),
    ),
    "POST /api/v1/sessions/{id}/moves": (
        lambda: f"sessions/{_session()}/moves",
        lambda: {"date": "2025-11-10", "start": "10:30"},
        (),
    ),
    "DELETE /api/v1/sessions/{id}/changes/{date}": (
        lambda: f"sessions/{_session()}/changes/2025-11-10",
        lambda: None,
        (),
    ),
    "POST /api/v1/feeds/mine/new-link": (lambda: "feeds/mine/new-link", lambda: {}, ("resident", "teacher")),
    "POST /api/v1/feeds/teachers/{id}/new-link": (lambda: f"feeds/teachers/{ids()['wang']}/new-link", lambda: {}, ()),
    "POST /api/v1/feeds/residents/{id}/new-link": (lambda: f"feeds/residents/{ids()['r1']}/new-link", lambda: {}, ()),
    "POST /api/v1/terms/{id}/solves": (lambda: f"terms/{ids()['2025-autumn']}/solves", lambda: {}, ()),
    "DELETE /api/v1/solve-jobs/{id}": (lambda: f"solve-jobs/{_queued_job()}", lambda: None, ()),
    "POST /api/v1/timetables/{id}/publish": (lambda: f"timetables/{_draft()}/publish", lambda: {}, ()),
    "POST /api/v1/timetables/{id}/rollback": (lambda: f"timetables/{_archived()}/rollback", lambda: {}, ()),
    "POST /api/v1/imports/{kind}": (lambda: "imports/teachers", lambda: None, ()),
    "PUT /api/v1/me/availability": (lambda: "me/availability", lambda: WINDOWS, ("teacher",)),
    "PUT /api/v1/me/free-times": (lambda: "me/free-times", lambda: WINDOWS, ("resident",)),
    "PUT /api/v1/me/interests": (lambda: "me/interests", lambda: {"interests": []}, ("resident",)),
}
CASES = [(operation, who) for operation, (_, _, allowed) in WRITES.items() for who in PERSONAS if who not in allowed]


def write_operations() -> set[str]:
    document = api.get_openapi_schema(path_prefix="/api/v1/")
    return {
        f"{method.upper()} {path}"
        for path, methods in document["paths"].items()
        for method in methods
        if method in ("post", "put", "patch", "delete") and not path.endswith("/dry-run")
    }


def test_the_refusal_table_covers_every_write_operation() -> None:
    assert set(WRITES) == write_operations()


@pytest.mark.parametrize(("operation", "refused"), CASES, indirect=["refused"], ids=[f"{o} as {w}" for o, w in CASES])
def test_write_is_refused_and_changes_nothing(operation: str, refused: Api) -> None:
    method = operation.split()[0]
    path, body, _ = WRITES[operation]
    if method == "DELETE" and path().endswith("/pin"):
        Session.objects.update(pinned=True)  # so that an accepted unpin would show
    if "/changes/" in path():
        cancel_occurrence(_session(), dt.date(2025, 11, 10))  # so that an accepted undo would show
    before = snapshot()
    if operation == "POST /api/v1/imports/{kind}":
        status, error = refused.upload(path(), "教师.xlsx", teachers_of_xiaozhu(), dry_run="false")
    else:
        status, error = refused.call(method, path(), body())
    assert (status, error["code"]) == expected_refusal(operation, refused)
    assert snapshot() == before


def expected_refusal(operation: str, persona: Api) -> tuple[int, str]:
    if not persona.token:
        return 401, "unauthorized"
    if operation == "POST /api/v1/imports/{kind}" and persona.token.startswith("kb_"):
        return 422, "invalid_rows"  # bob may import, but not one row of 小竹's
    if "/residents/{id}" in operation and persona.token.startswith("kb_"):
        return 404, "not_found"  # another community's residents do not exist for bob
    return 403, "forbidden"
