"""Back up a whole college and restore it into an empty database, so that every feed answers byte for byte the same.

A backup is Django's JSON serialisation of everything that makes the college and its calendars: the college
records, every timetable version and one-off change, the feeds' revision state (SEQUENCE, DTSTAMP), private-link
and API token hashes (every subscription and integration keeps working), and the coordinators (users, their
group and profiles). Primary keys are kept; permissions and content types are named by natural key, so the target
only needs ``migrate``. Not backed up: sessions, admin history, login throttling, queued tasks.
"""

from __future__ import annotations

import io

from django.core.management import call_command
from django.db import transaction

from college.domain.errors import WorkflowError
from college.models import Community

APPS = ["auth.group", "auth.user", "college", "feeds"]


def backup_json() -> str:
    out = io.StringIO()
    call_command("dumpdata", *APPS, natural_foreign=True, format="json", stdout=out)
    return out.getvalue()


def restore(path: str) -> None:
    """Load a backup file into this database, which must hold no college yet (one transaction: all or nothing)."""
    if Community.objects.exists():
        raise WorkflowError("This database already holds a college: restore only into an empty, migrated database.")
    with transaction.atomic():
        call_command("loaddata", path, verbosity=0)
