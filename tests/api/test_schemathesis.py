"""A bounded property-based run of the whole API against a live server: no 5xx, every answer fits its schema.

Schemathesis generates requests from the OpenAPI document, valid ones and invalid ones, a few per
operation, and sends them over real HTTP to pytest-django's live server as a district coordinator,
who may call every operation. (Its pytest plugin does not run under pytest 9 yet, so each operation is
driven through Hypothesis here.)
"""

from __future__ import annotations

import json
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from api.main import api
from tests.api.conftest import token_for
from tests.college.factories import load_tiny_college, make_timetable_with_session

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
]
EXAMPLES = 8  # per operation and mode: the whole run takes about a minute on two idle cores

DOCUMENT = json.loads(json.dumps(api.get_openapi_schema(path_prefix="/api/v1/")))
SCHEMA = schemathesis.openapi.from_dict(DOCUMENT)
OPERATIONS = [(method.upper(), path) for path, methods in DOCUMENT["paths"].items() for method in methods]


def test_api_answers_generated_requests_without_server_errors_and_within_its_schema(live_server: Any) -> None:
    load_tiny_college()
    make_timetable_with_session(status="published")
    headers = {"Authorization": f"Bearer {token_for('district', district=True)}"}
    failures = []
    for method, path in OPERATIONS:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            try:
                _run(SCHEMA[path][method], mode, live_server.url, headers)
            except Exception as error:  # noqa: BLE001 - every operation is tried; all failures are reported
                failures.append(f"{method} {path} ({mode}): {error}")
    assert failures == []


def _run(operation: Any, mode: GenerationMode, base_url: str, headers: dict[str, str]) -> None:
    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def answers_well(case: Any) -> None:
        response = case.call(base_url=base_url, headers=headers)
        case.validate_response(response, checks=CHECKS)

    answers_well()
