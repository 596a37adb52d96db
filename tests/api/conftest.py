"""Personas of the API tests and a JSON client that speaks as one of them.

The tiny college (tests/college/factories.py) has two communities: 小竹 (xiaozhu, "A") and 大竹 (dazhu, "B").
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from college.domain.people import coordinators
from college.models import ApiToken, Community, Resident, Teacher
from tests.college.factories import load_tiny_college, make_timetable_with_session


@dataclass
class Api:
    """A test client that sends JSON and an optional bearer token; answers are (status, parsed JSON)."""

    client: Client
    token: str = ""
    language: str = ""

    def _headers(self) -> dict[str, str]:
        headers = {}
        if self.token:
            headers["authorization"] = f"Bearer {self.token}"
        if self.language:
            headers["accept-language"] = self.language
        return headers

    def call(self, method: str, path: str, body: Any = None, **params: Any) -> tuple[int, Any]:
        url = path if path.startswith("/") else f"/api/v1/{path}"
        send = getattr(self.client, method.lower())
        if method.upper() in ("GET", "DELETE") and body is None:
            response = send(url, params, headers=self._headers())
        else:
            if params:
                url += "?" + "&".join(f"{k}={v}" for k, v in params.items())
            response = send(url, json.dumps(body), content_type="application/json", headers=self._headers())
        content = response.content
        is_json = response.get("content-type", "").startswith("application/json")
        return response.status_code, json.loads(content) if content and is_json else content

    def upload(self, path: str, filename: str, data: bytes, **params: Any) -> tuple[int, Any]:
        """POST a file as multipart form data, as a browser or a mini-program would."""
        from django.core.files.uploadedfile import SimpleUploadedFile

        url = f"/api/v1/{path}" + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")
        response = self.client.post(url, {"file": SimpleUploadedFile(filename, data)}, headers=self._headers())
        return response.status_code, json.loads(response.content)

    def get(self, path: str, **params: Any) -> tuple[int, Any]:
        return self.call("GET", path, **params)

    def post(self, path: str, body: Any = None, **params: Any) -> tuple[int, Any]:
        return self.call("POST", path, body if body is not None else {}, **params)

    def put(self, path: str, body: Any, **params: Any) -> tuple[int, Any]:
        return self.call("PUT", path, body, **params)

    def delete(self, path: str, **params: Any) -> tuple[int, Any]:
        return self.call("DELETE", path, **params)


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture
def college(db: None) -> None:
    load_tiny_college()
    make_timetable_with_session(status="published")


def token_for(username: str, *community_keys: str, district: bool = False) -> str:
    communities = None if district else list(Community.objects.filter(key__in=community_keys))
    user, _ = coordinators.make_coordinator(username, "pw-for-tests-only", communities=communities)
    return ApiToken.issue(user, "tests")[1]


@pytest.fixture
def district(college: None, client: Client) -> Api:
    """A district coordinator: sees and changes everything."""
    return Api(client, token_for("district", district=True))


@pytest.fixture
def alice(college: None, client: Client) -> Api:
    """Coordinator of 小竹 (xiaozhu) only."""
    return Api(client, token_for("alice", "xiaozhu"))


@pytest.fixture
def bob(college: None, client: Client) -> Api:
    """Coordinator of 大竹 (dazhu) only: must never change 小竹's things."""
    return Api(client, token_for("bob", "dazhu"))


@pytest.fixture
def anonymous(college: None, client: Client) -> Api:
    return Api(client)


@pytest.fixture
def resident(college: None, client: Client) -> Api:
    """张阿姨 (r1, 小竹) with her private link token."""
    return Api(client, Resident.objects.get(key="r1").rotate_feed_token())


@pytest.fixture
def teacher(college: None, client: Client) -> Api:
    """王老师 (wang, 小竹) with his private link token."""
    return Api(client, Teacher.objects.get(key="wang").rotate_feed_token())


@pytest.fixture
def refused(request: pytest.FixtureRequest) -> Api:
    """Parametrize with indirect=True over REFUSED to try a write as each persona who must be refused."""
    return request.getfixturevalue(request.param)


REFUSED = {"bob": 403, "anonymous": 401, "resident": 403, "teacher": 403}


def snapshot() -> tuple[object, ...]:
    """Everything a write could change, to assert a refused write changed nothing."""
    from college.domain.records.load import read_college
    from college.models import OccurrenceChange, Session, SolveJob, Timetable

    changes = list(OccurrenceChange.objects.order_by("pk").values())
    links = [
        list(model.objects.order_by("pk").values_list("feed_token_hash", flat=True)) for model in (Teacher, Resident)
    ]
    versions = list(Timetable.objects.order_by("pk").values_list("pk", "status"))
    jobs = list(SolveJob.objects.order_by("pk").values_list("pk", "status", "stop_requested"))
    sessions = list(Session.objects.order_by("pk").values_list("pk", "pinned"))
    return read_college(), sessions, changes, links, versions, jobs


def ids() -> dict[str, int]:
    """Ids of the tiny college's rows by natural key (communities, venues, teachers, groups, residents, terms)."""
    from college.models import Community, InterestGroup, Term, Venue

    found: dict[str, int] = {}
    for model in (Community, Venue, Teacher, InterestGroup, Resident, Term):
        found.update(model.objects.values_list("key", "pk"))
    return found
