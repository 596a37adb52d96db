"""What calendar feeds remember between requests: each event's revision and each feed's last change.

Bookkeeping of the feeds, not college data: it lives in its own small app (label ``feeds``), out of the
coordinators' admin, and can be emptied at any time (SEQUENCE then restarts at 0).

Feeds are computed from the published timetables on every request; these rows only remember *when*
the content last changed, so SEQUENCE, DTSTAMP, LAST-MODIFIED and the HTTP Last-Modified header stay
the same until the content really changes (a re-solve or re-publish that changes nothing leaves them).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class EventRevision(models.Model):
    """The current revision of one calendar event (one weekly session of a group in a term, by UID)."""

    uid = models.CharField(_("UID"), max_length=255, unique=True)
    fingerprint = models.CharField(_("content fingerprint"), max_length=64)
    sequence = models.PositiveIntegerField(_("sequence"), default=0)
    changed_at = models.DateTimeField(_("last changed"))

    class Meta:
        verbose_name = _("calendar event revision")
        verbose_name_plural = _("calendar event revisions")
        ordering = ["uid"]
        constraints = [
            models.CheckConstraint(condition=Q(sequence__gte=0), name="event_revision_sequence_not_negative")
        ]

    def __str__(self) -> str:
        return f"{self.uid} #{self.sequence}"


class FeedRevision(models.Model):
    """The current ETag of one feed ("group:7", "resident:42") and when it last changed (HTTP Last-Modified)."""

    feed = models.CharField(_("feed"), max_length=80, unique=True)
    etag = models.CharField(_("ETag"), max_length=64)
    changed_at = models.DateTimeField(_("last changed"))

    class Meta:
        verbose_name = _("calendar feed revision")
        verbose_name_plural = _("calendar feed revisions")
        ordering = ["feed"]

    def __str__(self) -> str:
        return self.feed
