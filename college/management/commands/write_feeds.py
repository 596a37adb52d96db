"""``manage.py write_feeds``: bring every public feed file under ``FEEDS_ROOT`` up to date.

Pages and the admin re-render the files a change touches; this writes them all (a new server, a restored
backup, a changed ``SITE_URL``) and removes the files of feeds that are gone. Only changed bytes are rewritten.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from college.domain.calendar.files import feeds_root, write_feeds


class Command(BaseCommand):
    help = "Write the public calendar feeds (group, venue, community) as files under FEEDS_ROOT."

    def handle(self, *args: Any, **options: Any) -> None:
        if feeds_root() is None:
            raise CommandError("FEEDS_ROOT is not set: there is nowhere to write the feed files.")
        done = write_feeds()
        self.stdout.write(
            f"Feed files in {feeds_root()}: {done['written']} written, {done['unchanged']} unchanged, "
            f"{done['removed']} removed."
        )
