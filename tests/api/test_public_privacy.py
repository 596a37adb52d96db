"""An anonymous visitor reads the whole public catalogue and never sees a phone number or a resident's name."""

from __future__ import annotations

import datetime as dt

import pytest

from api.main import api
from college.domain.calendar.occurrences import cancel_occurrence
from college.models import Resident, Session, Teacher
from tests.api.conftest import Api, ids

pytestmark = pytest.mark.django_db


def public_reads() -> list[str]:
    """Every public GET of the OpenAPI document (those that allow calling without credentials)."""
    document = api.get_openapi_schema(path_prefix="/api/v1/")
    return [
        path
        for path, methods in document["paths"].items()
        if "get" in methods and {} in methods["get"].get("security", [])
    ]


def concrete(path: str) -> str:
    session = Session.objects.get().pk
    known = {
        "/api/v1/communities/{id}": ids()["xiaozhu"],
        "/api/v1/venues/{id}": ids()["xz-elderly"],
        "/api/v1/teachers/{id}": ids()["wang"],
        "/api/v1/groups/{id}": ids()["taichi"],
        "/api/v1/terms/{id}": ids()["2025-autumn"],
        "/api/v1/timetables/{id}": Session.objects.get().timetable_id,
        "/api/v1/timetables/{id}/export": Session.objects.get().timetable_id,
        "/api/v1/sessions/{id}": session,
        "/api/v1/sessions/{id}/changes": session,
    }
    url = path.replace("{id}", str(known[path])) if "{id}" in path else path
    return url + "?format=csv" if url.endswith("/export") else url


def test_public_reads_show_no_phone_numbers_and_no_resident_names(anonymous: Api) -> None:
    cancel_occurrence(Session.objects.get().pk, dt.date(2025, 11, 10), "王老师生病")
    secrets = [t.phone for t in Teacher.objects.all()] + [r.name for r in Resident.objects.all()]
    reads = public_reads()
    assert len(reads) == 17
    for path in reads:
        response = anonymous.client.get(concrete(path))
        assert response.status_code == 200, path
        body = response.content.decode("utf-8-sig") if "csv" in response["Content-Type"] else response.content.decode()
        assert [s for s in secrets if s in body] == [], path
