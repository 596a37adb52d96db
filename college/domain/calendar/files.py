"""Public feeds as files under ``FEEDS_ROOT``, for the front web server to answer without Python.

``FEEDS_ROOT/<kind>/<key>.ics`` holds exactly the bytes ``/feeds/<kind>/<key>.ics`` answers (group, venue and
community feeds; private feeds never become files). A file is written atomically (a temporary file in the same
folder, renamed over the old one) and only when its bytes change, with its modification time set to the
feed's Last-Modified, so nginx's ETag (modification time and size) and Last-Modified stay put while nothing
changes. A feed whose owner is gone loses its file. ``deploy/nginx.conf`` serves the folder.
"""

from __future__ import annotations

import os
import tempfile
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings

from college.domain.calendar.feeds import prepare_feed, render_feed
from college.domain.calendar.kinds import FeedKind
from college.models import Community, InterestGroup, OccurrenceChange, Session, TimetableStatus, Venue

PUBLIC_KINDS = (FeedKind.GROUP, FeedKind.VENUE, FeedKind.COMMUNITY)
Feed = tuple[str, str]  # (kind, key)


def feeds_root() -> Path | None:
    """Where feed files go, or None when the site writes none (``FEEDS_ROOT`` unset)."""
    return Path(settings.FEEDS_ROOT) if settings.FEEDS_ROOT else None


def feed_file(root: Path, kind: str, key: str) -> Path | None:
    """The file of a public feed; None for a key that could leave its folder (keys are slugs: none should)."""
    if kind not in PUBLIC_KINDS or not key or "/" in key or "\\" in key or key.startswith("."):
        return None
    return root / kind / f"{key}.ics"


def write_feed(root: Path, kind: str, key: str) -> str:
    """Bring one feed's file up to date: "written", "unchanged", "removed" (no such feed now) or "skipped"."""
    path = feed_file(root, kind, key)
    if path is None:
        return "skipped"
    prepared = prepare_feed(kind, key)
    if prepared is None:
        if path.exists():
            path.unlink(missing_ok=True)
            return "removed"
        return "unchanged"
    body = render_feed(prepared)
    moment = prepared.last_modified.timestamp()
    try:
        if path.read_bytes() == body:
            return "unchanged"
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(body)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, 0o644)  # the web server's user reads it
        os.utime(temporary, (moment, moment))
        os.replace(temporary, path)  # readers see the old file or the new one, never half of one
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return "written"


def every_public_feed() -> set[Feed]:
    """Every public feed that exists: one per group, venue and community."""
    owners = ((FeedKind.GROUP, InterestGroup), (FeedKind.VENUE, Venue), (FeedKind.COMMUNITY, Community))
    return {(str(kind), key) for kind, model in owners for key in model.objects.values_list("key", flat=True)}


def write_feeds(feeds: Iterable[Feed] | None = None) -> Counter[str]:
    """Bring the files of ``feeds`` up to date (every public feed when None, and remove files of feeds that are
    gone); how many were written, unchanged, removed. Nothing when ``FEEDS_ROOT`` is unset."""
    root = feeds_root()
    done: Counter[str] = Counter()
    if root is None:
        return done
    wanted = every_public_feed() if feeds is None else set(feeds)
    for kind, key in sorted(wanted):
        done[write_feed(root, kind, key)] += 1
    if feeds is None:
        for kind in PUBLIC_KINDS:
            for path in (root / kind).glob("*.ics") if (root / kind).is_dir() else ():
                if (str(kind), path.stem) not in wanted:
                    path.unlink(missing_ok=True)
                    done["removed"] += 1
    return done


def feeds_of_groups(group_ids: Iterable[int]) -> set[Feed]:
    """The public feeds that show these groups: their own, their communities', the venues they meet in or move to."""
    ids = list(group_ids)
    found = set()
    for key, community in InterestGroup.objects.filter(pk__in=ids).values_list("key", "community__key"):
        found |= {(FeedKind.GROUP.value, key), (FeedKind.COMMUNITY.value, community)}
    published = Session.objects.filter(timetable__status=TimetableStatus.PUBLISHED, group_id__in=ids)
    venues = set(published.values_list("venue__key", flat=True).distinct())
    moved = OccurrenceChange.objects.filter(group_id__in=ids, new_venue__isnull=False)
    venues |= set(moved.values_list("new_venue__key", flat=True).distinct())
    return found | {(FeedKind.VENUE.value, key) for key in venues}


def feeds_of_venues(venue_ids: Iterable[int]) -> set[Feed]:
    """A venue's own feed and the feeds of every group that meets there or moves there for a date."""
    ids = list(venue_ids)
    published = Session.objects.filter(timetable__status=TimetableStatus.PUBLISHED, venue_id__in=ids)
    groups = set(published.values_list("group_id", flat=True).distinct())
    groups |= set(OccurrenceChange.objects.filter(new_venue_id__in=ids).values_list("group_id", flat=True))
    own = {(FeedKind.VENUE.value, key) for key in Venue.objects.filter(pk__in=ids).values_list("key", flat=True)}
    return own | feeds_of_groups(groups)


def feeds_of_teachers(teacher_ids: Iterable[int]) -> set[Feed]:
    """The feeds of the groups a teacher teaches in a published timetable (their events name the teacher)."""
    published = Session.objects.filter(timetable__status=TimetableStatus.PUBLISHED, teacher_id__in=list(teacher_ids))
    return feeds_of_groups(set(published.values_list("group_id", flat=True).distinct()))
