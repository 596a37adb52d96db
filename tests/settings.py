"""Settings for the test suite: production settings (DEBUG off) with a throwaway key.

DATABASE_URL still comes from the environment, so the same suite runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

import os

os.environ.setdefault("SECRET_KEY", "kebiao-test-suite-key")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")

from college.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast logins in tests

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not memory: solve jobs write progress from a monitor thread, and the worker tests run worker
    # processes, all on the test database.
    (BASE_DIR / "var").mkdir(exist_ok=True)  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "var" / "test-db.sqlite3")}  # noqa: F405

SOLVER_WORKERS = 1  # tiny test problems: one CP-SAT thread, and district solves stay in this process
SOLVE_BOUND_TIME_LIMIT = 0  # no background bound tasks queued, except where a test asks for them
