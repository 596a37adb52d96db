from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.http import HttpRequest
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from college.admin.forms import TermForm
from college.domain.calendar.holidays import coverage_warning, official_make_up_days
from college.models import Closure, MakeUpDay, Term


class ClosureInline(admin.TabularInline):
    model = Closure
    fields = ("date", "reason")
    extra = 1


class MakeUpDayInline(admin.TabularInline):
    """The term's own make-up days; the State Council's come from chinese-calendar (see ``MakeUpDay``)."""

    model = MakeUpDay
    fields = ("date", "weekday", "reason")
    extra = 0


@admin.register(Term)
class TermAdmin(admin.ModelAdmin):
    form = TermForm
    list_display = ("name", "key", "first_day", "last_day")
    search_fields = ("name", "key")
    date_hierarchy = "first_day"
    inlines = [ClosureInline, MakeUpDayInline]
    readonly_fields = ("official_make_up_days",)

    @admin.display(description=gettext_lazy("official make-up days"))
    def official_make_up_days(self, term: Term) -> str:
        """The State Council's worked weekends in the term and whose classes they run (a make-up day row wins)."""
        if not term.first_day or not term.last_day:
            return ""
        official = official_make_up_days(term.first_day, term.last_day)
        return "; ".join(
            _("%(date)s (%(weekday)s): %(classes)s's classes")
            % {"date": day, "weekday": WEEKDAYS[day.weekday()], "classes": WEEKDAYS[weekday]}
            for day, weekday in sorted(official.items())
        )

    def save_model(self, request: HttpRequest, obj: Term, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        warning = coverage_warning(obj.first_day, obj.last_day)
        if warning:
            messages.warning(request, warning)


@admin.register(Closure)
class ClosureAdmin(admin.ModelAdmin):
    list_display = ("date", "term", "reason")
    list_filter = ("term",)
    search_fields = ("reason", "term__name")
    date_hierarchy = "date"


@admin.register(MakeUpDay)
class MakeUpDayAdmin(admin.ModelAdmin):
    list_display = ("date", "weekday", "term", "reason")
    list_filter = ("term",)
    search_fields = ("reason", "term__name")
    date_hierarchy = "date"
