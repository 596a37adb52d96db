"""The task backend is chosen by settings alone, and nonsense stops start-up with a clear message."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from college.task_backends import check_redis_url, task_settings

ROOT = Path(__file__).resolve().parents[1]


def test_database_backend_is_the_embedded_default() -> None:
    assert task_settings("database", "redis://127.0.0.1:6379/0", 600) == (
        {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}},
        [],
        {},
    )


def test_rq_backend_needs_django_rq_and_a_redis_queue() -> None:
    tasks, apps, queues = task_settings("rq", "redis://queue.example:6379/2", 7800)
    assert (tasks, apps, queues) == (
        {"default": {"BACKEND": "django_tasks_rq.RQBackend"}},
        ["django_rq"],
        {"default": {"URL": "redis://queue.example:6379/2", "DEFAULT_TIMEOUT": 7800}},
    )


@pytest.mark.parametrize(
    ("url", "reason"),
    [("http://127.0.0.1:6379", "must look like redis://"), ("redis://127.0.0.1:port/0", "port is not a number")],
)
def test_bad_redis_url_is_refused_with_reason(url: str, reason: str) -> None:
    with pytest.raises(ImproperlyConfigured, match=reason):
        check_redis_url(url)


def test_unknown_tasks_backend_stops_start_up() -> None:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "college.settings", "SECRET_KEY": "x", "TASKS_BACKEND": "celery"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode != 0
    assert "TASKS_BACKEND='celery' must be one of: database, rq, immediate." in result.stderr
