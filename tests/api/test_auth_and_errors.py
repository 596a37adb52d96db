"""One way in (token or session with CSRF), and errors as JSON {code, field, message} in the caller's language."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import User
from django.test import Client

from college.models import ApiToken, Venue
from tests.api.conftest import Api, ids, token_for

pytestmark = pytest.mark.django_db


def test_signed_in_coordinator_uses_the_api_with_the_session_and_csrf_token(college: None) -> None:
    token_for("alice", "xiaozhu")
    client = Client(enforce_csrf_checks=True)
    client.force_login(User.objects.get(username="alice"))
    url = f"/api/v1/venues/{ids()['xz-plaza']}"
    assert client.get("/api/v1/me").json()["name"] == "alice"
    refused = client.delete(url)
    assert (refused.status_code, refused.json()["code"]) == (403, "forbidden")
    client.get("/admin/")  # any page sets the CSRF cookie
    accepted = client.delete(url, headers={"x-csrftoken": client.cookies["csrftoken"].value})
    assert accepted.status_code == 204
    assert Venue.objects.filter(key="xz-plaza").exists() is False


def test_unknown_or_revoked_token_is_a_401_with_a_bearer_challenge(alice: Api) -> None:
    ApiToken.objects.get(user__username="alice").revoke()
    response = alice.client.post(
        "/api/v1/venues", "{}", content_type="application/json", headers={"authorization": f"Bearer {alice.token}"}
    )
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="kebiao"'
    assert response.json() == {
        "code": "unauthorized",
        "field": None,
        "message": "请先登录，或以“Authorization: Bearer …”发送 API 令牌。",
        "errors": [],
    }


def test_messages_follow_accept_language(alice: Api) -> None:
    english = Api(alice.client, alice.token, "en")
    assert english.get("venues/4242")[1]["message"] == "Not found."
    assert alice.get("venues/4242")[1]["message"] == "未找到。"
    body = {"key": "k", "community": ids()["dazhu"], "name": "x", "capacity": 1}
    assert english.post("venues", body)[1]["message"] == "You do not coordinate this community."
    assert alice.post("venues", body)[1]["message"] == "您不是这个社区的协调员。"


def test_validation_errors_name_the_field_path_and_list_every_problem(alice: Api) -> None:
    body = {
        "key": "bad key!",
        "community": ids()["xiaozhu"],
        "name": "",
        "capacity": 0,
        "opening": [{"weekday": 9, "start": "9", "end": "10:00"}],
    }
    status, error = Api(alice.client, alice.token, "en").post("venues", body)
    assert status == 422
    assert [(e["field"], e["message"]) for e in error["errors"]] == [
        ("key", "Not in the expected format."),
        ("name", "This field is required."),
        ("capacity", "Must be at least 1."),
        ("opening.0.weekday", "Must be at most 6."),
        ("opening.0.start", "Not in the expected format."),
    ]
    assert (error["code"], error["field"], error["message"]) == ("invalid", "key", "Not in the expected format.")


def test_a_body_that_is_not_json_is_a_422_not_a_500(alice: Api) -> None:
    response = alice.client.post(
        "/api/v1/venues",
        "{not json",
        content_type="application/json",
        headers={"authorization": f"Bearer {alice.token}"},
    )
    assert (response.status_code, response.json()["code"]) == (422, "invalid")


def test_text_a_database_cannot_store_is_refused(alice: Api) -> None:
    body = {"key": "xz-nul", "community": ids()["xiaozhu"], "name": "bad\x00name", "capacity": 5}
    status, error = alice.post("venues", body)
    assert (status, error["field"]) == (422, "name")


def test_huge_ids_and_offsets_are_refused_not_crashed_on(anonymous: Api) -> None:
    assert anonymous.get(f"venues/{2**70}")[0] == 422
    assert anonymous.get("venues", offset=10**12)[0] == 422
    assert anonymous.get("venues", limit=501)[0] == 422


def test_openapi_document_and_docs_are_served(anonymous: Api) -> None:
    status, document = anonymous.get("/api/v1/openapi.json")
    assert (status, document["info"]["title"]) == (200, "Kebiao 课表 API")
    docs = anonymous.client.get("/api/v1/docs")
    assert docs.status_code == 200


def test_openapi_document_is_a_valid_openapi_3_1_document(anonymous: Api) -> None:
    from openapi_spec_validator import validate

    document = json.loads(anonymous.client.get("/api/v1/openapi.json").content)
    validate(document)
    assert document["openapi"] == "3.1.0"
    public = document["paths"]["/api/v1/groups"]["get"]["security"]
    private = document["paths"]["/api/v1/residents"]["get"]["security"]
    assert (public, private) == (
        [{"BearerToken": []}, {"SessionCookie": []}, {}],
        [{"BearerToken": []}, {"SessionCookie": []}],
    )
