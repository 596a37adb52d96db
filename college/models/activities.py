"""The activity catalogue (活动项目) and residents' wishes for activities, whether or not a group offers them."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from pypinyin import Style, lazy_pinyin

from college.models.choices import Category
from college.models.people import Resident
from college.models.places import Community, natural_key_field


def activity_key(name: str) -> str:
    """A stable key from an activity's name: the name as a unicode slug, e.g. '广场舞', 'ai-入门'."""
    return slugify(name, allow_unicode=True)[:80] or "activity"


def pinyin_initials(*texts: str) -> str:
    """The pinyin initials of each text, space-separated: ('广场舞', '坝坝舞') → 'gcw bbw'."""
    return " ".join("".join(lazy_pinyin(text, style=Style.FIRST_LETTER)).lower() for text in texts if text)


class Activity(models.Model):
    key = natural_key_field()
    name = models.CharField(_("name"), max_length=120, unique=True)
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    synonyms = models.CharField(
        _("other names"), max_length=200, blank=True, help_text=_("Separated by spaces, e.g. 坝坝舞 for 广场舞.")
    )
    initials = models.CharField(
        _("pinyin initials"), max_length=200, blank=True, editable=False, help_text=_("For search, e.g. gcw.")
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["category", "name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.initials = pinyin_initials(self.name, *self.synonyms.split())
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class ActivityWish(models.Model):
    """A resident's wish for an activity (rank shared with their wished groups), in the communities they reach."""

    resident = models.ForeignKey(Resident, models.CASCADE, related_name="activity_wishes", verbose_name=_("resident"))
    activity = models.ForeignKey(Activity, models.PROTECT, related_name="wishes", verbose_name=_("activity"))
    rank = models.PositiveSmallIntegerField(_("rank"), default=1, help_text=_("1 = most wanted."))
    reach = models.ManyToManyField(
        Community,
        related_name="activity_wishes",
        verbose_name=_("communities within reach"),
        help_text=_("Where the resident can go: a group of this activity in one of them meets the wish."),
    )

    class Meta:
        verbose_name = _("activity wish")
        verbose_name_plural = _("activity wishes")
        ordering = ["resident", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["resident", "activity"], name="activity_wish_one_per_resident"),
            models.CheckConstraint(condition=Q(rank__gte=1), name="activity_wish_rank_from_one"),
        ]

    def __str__(self) -> str:
        return f"{self.resident} → {self.activity}"

    def clean(self) -> None:
        super().clean()
        if self.rank is not None and self.rank < 1:
            raise ValidationError({"rank": _("Ranks start at 1 (most wanted).")})
