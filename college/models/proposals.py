"""Proposals of new groups (接单): a background run over unmet activity wishes, and the groups it proposes.

A ``ProposalJob`` runs like a solve (progress, heartbeat, stop) over the communities of the coordinator who
started it; each ``Proposal`` names an activity, community, teacher, venue and weekly time, the residents it
serves and the figures of its reason. The coordinator accepts it (it becomes an unregistered interest group,
waiting for 报备) or declines it; the teacher it names answers on their private page.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from college.models.activities import Activity
from college.models.groups import InterestGroup
from college.models.jobs import ACTIVE_STATUSES, BackgroundJob
from college.models.people import Resident, Teacher
from college.models.places import Community, Venue
from college.models.terms import Term


class ProposalJob(BackgroundJob):
    """One proposal run of a term: its progress (``objective``: residents served so far, ``bound``: at most)."""

    term = models.ForeignKey(Term, models.CASCADE, related_name="proposal_jobs", verbose_name=_("term"))
    communities = models.ManyToManyField(
        Community, related_name="proposal_jobs", verbose_name=_("communities"), help_text=_("Where it proposes.")
    )
    openings = models.PositiveSmallIntegerField(_("new groups at most"))

    class Meta(BackgroundJob.Meta):
        verbose_name = _("proposal run")
        verbose_name_plural = _("proposal runs")
        constraints = [
            models.UniqueConstraint(
                fields=["term", "created_by"],
                condition=Q(status__in=ACTIVE_STATUSES),
                name="proposaljob_one_active_per_term_and_user",
            ),
            *BackgroundJob.Meta.constraints,
            models.CheckConstraint(condition=Q(openings__gte=1), name="proposaljob_openings_at_least_one"),
        ]

    def __str__(self) -> str:
        return _("Proposals for %(term)s (%(status)s)") % {"term": self.term, "status": self.get_status_display()}


class Decision(models.TextChoices):
    PENDING = "pending", _("Awaiting a decision")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    SUPERSEDED = "superseded", _("Superseded by a later run")


class Answer(models.TextChoices):
    PENDING = "pending", _("Not answered yet")
    ACCEPTED = "accepted", _("Takes it on")
    DECLINED = "declined", _("Declines")


class Proposal(models.Model):
    job = models.ForeignKey(ProposalJob, models.CASCADE, related_name="proposals", verbose_name=_("proposal run"))
    activity = models.ForeignKey(Activity, models.PROTECT, related_name="proposals", verbose_name=_("activity"))
    community = models.ForeignKey(Community, models.CASCADE, related_name="proposals", verbose_name=_("community"))
    teacher = models.ForeignKey(Teacher, models.CASCADE, related_name="proposals", verbose_name=_("teacher"))
    venue = models.ForeignKey(Venue, models.CASCADE, related_name="proposals", verbose_name=_("venue"))
    weekdays = models.JSONField(_("weekdays"), help_text=_("0 = Monday … 6 = Sunday, one session on each."))
    start = models.PositiveSmallIntegerField(_("start (minutes after midnight)"))
    minutes = models.PositiveSmallIntegerField(_("session length (minutes)"))
    min_size = models.PositiveSmallIntegerField(_("minimum size"))
    max_size = models.PositiveSmallIntegerField(_("maximum size"))
    facilities = models.JSONField(_("required facilities"), default=list, blank=True)
    residents = models.ManyToManyField(
        Resident, related_name="proposals", blank=True, verbose_name=_("residents served")
    )
    served = models.PositiveIntegerField(_("residents served"))
    wished = models.PositiveIntegerField(_("residents who wish for it and are free then"))
    sessions_left = models.PositiveSmallIntegerField(
        _("teacher's sessions a week left"),
        help_text=_("Before this run's proposals: what the teacher can still take on."),
    )
    decision = models.CharField(_("decision"), max_length=16, choices=Decision.choices, default=Decision.PENDING)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    answer = models.CharField(_("teacher's answer"), max_length=16, choices=Answer.choices, default=Answer.PENDING)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    group = models.OneToOneField(
        InterestGroup,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposal",
        verbose_name=_("interest group"),
        help_text=_("The group made when the proposal was accepted."),
    )

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["job", "-served", "pk"]

    def __str__(self) -> str:
        return f"{self.activity} · {self.community}"

    @property
    def end(self) -> int:
        return self.start + self.minutes
