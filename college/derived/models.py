"""Results kept with the fingerprint of the data they were computed from, recomputed when it changes.

Not college data: out of the coordinators' admin and the backup; emptying the table only costs one recomputation.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from college.models import Term


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
