"""Results kept with the fingerprint of the data they were computed from, recomputed when it changes.

Not college data: out of the coordinators' admin and the backup; emptying the table only costs one recomputation.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from college.models import Term, Timetable


class DataCheck(models.Model):
    """A term's data check in one language: its findings and the fingerprint of the planning inputs behind them."""

    term = models.ForeignKey(Term, on_delete=models.CASCADE, related_name="data_checks", verbose_name=_("term"))
    language = models.CharField(_("language"), max_length=16)
    fingerprint = models.CharField(_("inputs fingerprint"), max_length=64)
    findings = models.JSONField(_("findings"), default=list)  # Finding.as_json() of each finding
    checked_at = models.DateTimeField(_("checked at"))

    class Meta:
        verbose_name = _("data check")
        verbose_name_plural = _("data checks")
        constraints = [models.UniqueConstraint(fields=["term", "language"], name="one_data_check_per_term_language")]

    def __str__(self) -> str:
        return f"{self.term_id} {self.language}"


class ConflictCheck(models.Model):
    """A saved version checked against today's data: the hard rules its sessions break, and the fingerprint of the
    planning inputs and sessions the check read (``college.domain.versions.conflicts``)."""

    timetable = models.OneToOneField(
        Timetable, on_delete=models.CASCADE, related_name="conflict_check", verbose_name=_("timetable")
    )
    fingerprint = models.CharField(_("inputs fingerprint"), max_length=64)
    checked = models.BooleanField(_("checked"), default=True)  # False: the term's data could not make a problem
    found = models.JSONField(_("conflicts"), default=list)  # [{"rule", "sessions", "groups"}, …]
    checked_at = models.DateTimeField(_("checked at"))

    class Meta:
        verbose_name = _("conflict check")
        verbose_name_plural = _("conflict checks")

    def __str__(self) -> str:
        return f"{self.timetable_id}"


class FeedsGeneration(models.Model):
    """One row whose value goes up whenever anything a private feed shows may have changed (publishing, one-off
    changes, renames, dates, deletions): a stored private feed of an older generation is not answered."""

    value = models.PositiveBigIntegerField(_("generation"), default=0)

    class Meta:
        verbose_name = _("feeds generation")
        verbose_name_plural = _("feeds generations")

    def __str__(self) -> str:
        return str(self.value)


class PrivateFeed(models.Model):
    """A teacher's or resident's feed as last rendered, found by its link's fingerprint: repeat requests are
    answered from it (``college.feeds.wsgi``) without Django's middleware, while its generation is current."""

    token_hash = models.CharField(_("calendar link fingerprint"), max_length=64, unique=True)
    kind = models.CharField(_("kind"), max_length=16)
    generation = models.PositiveBigIntegerField(_("generation"))
    etag = models.CharField(_("ETag"), max_length=80)
    last_modified = models.DateTimeField(_("last modified"))
    rendered_at = models.DateTimeField(_("rendered at"))
    filename = models.CharField(_("file name"), max_length=120)
    body = models.BinaryField(_("body"))
    gzipped = models.BinaryField(_("gzipped body"))

    class Meta:
        verbose_name = _("private feed")
        verbose_name_plural = _("private feeds")

    def __str__(self) -> str:
        return f"{self.kind} {self.etag}"


class RenderedEvent(models.Model):
    """One event's VEVENT bytes, under a key naming its content, revision and the builder: a feed rendered cold
    (a private feed's first poll) joins stored bytes instead of building every event again."""

    key = models.CharField(_("content key"), max_length=64, unique=True)
    body = models.BinaryField(_("VEVENT bytes"))

    class Meta:
        verbose_name = _("rendered event")
        verbose_name_plural = _("rendered events")

    def __str__(self) -> str:
        return self.key


class ProblemBound(models.Model):
    """A lower bound of a term's objective, proven in the background for one exact problem (its fingerprint,
    ``scheduler.problem.fingerprint``): a solve of that very problem reports it when it beats its own bound."""

    term = models.OneToOneField(Term, on_delete=models.CASCADE, related_name="problem_bound", verbose_name=_("term"))
    fingerprint = models.CharField(_("problem fingerprint"), max_length=64)
    value = models.BigIntegerField(_("bound"), null=True, blank=True)  # None: none found in the time
    method = models.CharField(_("method"), max_length=16, blank=True)  # scheduler.bounds.reference's codes
    seconds = models.FloatField(_("seconds"), default=0.0)
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("problem bound")
        verbose_name_plural = _("problem bounds")

    def __str__(self) -> str:
        return f"{self.term_id} {self.value}"
