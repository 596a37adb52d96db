"""Solve jobs: one background solve of a term, its live progress, and (district solves) its parts.

At most one job per term is active (queued or running): a partial unique constraint guarantees it in the
database, so two coordinators pressing "solve" at once get one job and one clear refusal, never a race.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from college.models.terms import Term
from college.models.timetables import Timetable


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    STOPPED = "stopped", _("Stopped")
    FAILED = "failed", _("Failed")
    INFEASIBLE = "infeasible", _("Infeasible")


ACTIVE_STATUSES = (JobStatus.QUEUED, JobStatus.RUNNING)


class SolveProgress(models.Model):
    """Abstract: what a solve reports while it runs (the best timetable so far and the proven bound)."""

    status = models.CharField(_("status"), max_length=16, choices=JobStatus.choices, default=JobStatus.QUEUED)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    heartbeat = models.DateTimeField(
        _("heartbeat"), null=True, blank=True, help_text=_("Last sign of life of the worker running it.")
    )
    objective = models.FloatField(_("best objective"), null=True, blank=True)
    bound = models.FloatField(_("best bound"), null=True, blank=True)
    elapsed = models.FloatField(_("elapsed seconds"), default=0.0)
    sessions_placed = models.PositiveIntegerField(_("sessions placed"), default=0)
    sessions_total = models.PositiveIntegerField(_("sessions to place"), default=0)
    message = models.TextField(_("message"), blank=True)
    worker = models.CharField(_("worker"), max_length=200, blank=True, help_text=_("Who ran it: task worker or host."))

    class Meta:
        abstract = True

    @property
    def gap(self) -> float | None:
        """Relative gap between the best timetable and the bound (0 = proven optimal)."""
        if self.objective is None or self.bound is None:
            return None
        return max(0.0, self.objective - self.bound) / max(1.0, abs(self.objective))

    @property
    def active(self) -> bool:
        return self.status in ACTIVE_STATUSES


class BackgroundJob(SolveProgress):
    """Abstract: a run a coordinator starts in the background and may stop: who and when, its time limit."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("started by")
    )
    time_limit = models.FloatField(_("time limit (seconds)"))
    stop_requested = models.BooleanField(_("stop requested"), default=False)

    class Meta:
        abstract = True
        ordering = ["-created_at", "-pk"]
        constraints = [models.CheckConstraint(condition=Q(time_limit__gt=0), name="%(class)s_time_limit_positive")]


class SolveJobManager(models.Manager["SolveJob"]):
    """A job joined to its versions leaves their demand figures (megabytes at district scale)."""

    def get_queryset(self) -> models.QuerySet[SolveJob]:
        return super().get_queryset().defer("timetable__demand", "base__demand")


class SolveJob(BackgroundJob):
    term = models.ForeignKey(Term, models.CASCADE, related_name="solve_jobs", verbose_name=_("term"))
    base = models.ForeignKey(
        Timetable,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("re-plan from"),
        help_text=_("The version whose sessions the solve keeps where it can (minimal change)."),
    )
    fan_out = models.BooleanField(
        _("fan out"), default=False, help_text=_("Run a district's block solves on many workers.")
    )
    timetable = models.ForeignKey(
        Timetable, models.SET_NULL, null=True, blank=True, related_name="solve_jobs", verbose_name=_("result")
    )
    explanation = models.JSONField(
        _("explanation"),
        default=list,
        blank=True,
        help_text=_(
            "Why no timetable exists: the solver's reasons (code, ids, numbers), shown in the reader's language."
        ),
    )
    bound_method = models.CharField(
        _("bound from"),
        max_length=16,
        blank=True,
        help_text=_("Empty: the solve proved its bound itself; else the background bound's method."),
    )

    objects = SolveJobManager()

    class Meta(BackgroundJob.Meta):
        verbose_name = _("solve job")
        verbose_name_plural = _("solve jobs")
        constraints = [
            models.UniqueConstraint(
                fields=["term"], condition=Q(status__in=ACTIVE_STATUSES), name="solvejob_one_active_per_term"
            ),
            *BackgroundJob.Meta.constraints,
        ]

    def __str__(self) -> str:
        return _("Solve of %(term)s (%(status)s)") % {"term": self.term, "status": self.get_status_display()}


class SolvePart(SolveProgress):
    """One block solve of a fanned-out district solve: the call to make, and what the worker that made it found.

    ``payload`` is the pickled call (``scheduler.district.job.run_job`` and its block job), ``outcome`` the pickled
    answer. Both are written and read only by this project's own code (``college.domain.solving.fanout``).
    """

    job = models.ForeignKey(SolveJob, models.CASCADE, related_name="parts", verbose_name=_("solve job"))
    index = models.PositiveSmallIntegerField(_("part"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    groups = models.JSONField(_("interest groups"), default=list, help_text=_("Keys of the groups of this part."))
    payload = models.BinaryField(_("call"), null=True, blank=True)
    outcome = models.BinaryField(_("outcome"), null=True, blank=True)

    class Meta:
        verbose_name = _("solve part")
        verbose_name_plural = _("solve parts")
        ordering = ["job", "index"]
        constraints = [models.UniqueConstraint(fields=["job", "index"], name="solvepart_one_per_index")]

    def __str__(self) -> str:
        return f"{self.job} #{self.index}"
