"""The task-backend settings chosen by ``TASKS_BACKEND``: one switch, the same task code everywhere.

- ``database`` (default): django-tasks-db keeps the queue in the project's database; run ``manage.py db_worker``.
- ``rq``: django-tasks-rq puts tasks on Redis (``REDIS_URL``); run ``manage.py rqworker`` on any machine that
  reaches Redis and the database. Independent parts of a district solve then run on different workers.
- ``immediate``: tasks run inside the process that starts them (no worker; starting a solve waits for it).
"""

from __future__ import annotations

import os
import threading
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

BACKENDS = ("database", "rq", "immediate")


def check_redis_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("redis", "rediss", "unix") or not (parts.hostname or parts.path):
        raise ImproperlyConfigured(f"REDIS_URL={url!r} must look like redis://host:6379/0 (or rediss://, unix://).")
    try:
        parts.port  # noqa: B018 - validates the port
    except ValueError:
        raise ImproperlyConfigured(f"REDIS_URL={url!r}: the port is not a number.") from None
    return url


def task_settings(backend: str, redis_url: str, job_timeout: int) -> tuple[dict, list[str], dict]:
    """``TASKS``, the apps the backend needs, and ``RQ_QUEUES`` (empty unless ``backend == "rq"``)."""
    if backend == "database":
        return {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}, [], {}
    if backend == "rq":
        queues = {"default": {"URL": check_redis_url(redis_url), "DEFAULT_TIMEOUT": job_timeout}}
        return {"default": {"BACKEND": "django_tasks_rq.RQBackend"}}, ["django_rq"], queues
    if backend == "immediate":
        return {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}, [], {}
    raise ImproperlyConfigured(f"TASKS_BACKEND={backend!r} must be one of: {', '.join(BACKENDS)}.")


def start_embedded_worker(interval: float = 1.0) -> threading.Thread:
    """django-tasks-db's worker in a daemon thread of this process (the demo serves and solves in one process)."""
    from django_tasks_db.management.commands.db_worker import Worker

    worker = Worker(
        queue_names=["default"],
        interval=interval,
        batch=False,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=f"embedded-{os.getpid()}",
        excluded_queue_names=[],
    )
    thread = threading.Thread(target=worker.run, name="embedded-task-worker", daemon=True)
    thread.start()
    return thread
