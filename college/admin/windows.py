"""Shared admin pieces for weekly windows (openings, availability, free time, preferences)."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from college.models.fields import format_minutes
from college.models.windows import WeeklyWindow


class WindowInline(admin.TabularInline):
    fields = ("weekday", "start", "end")
    extra = 1


class WindowAdmin(admin.ModelAdmin):
    """A window model on its own page: filter by weekday, search by the owner."""

    list_display = ("__str__", "weekday", "start_time", "end_time")
    list_filter = ("weekday",)
    list_per_page = 100

    @admin.display(description=_("start"), ordering="start")
    def start_time(self, window: WeeklyWindow) -> str:
        return format_minutes(window.start)

    @admin.display(description=_("end"), ordering="end")
    def end_time(self, window: WeeklyWindow) -> str:
        return format_minutes(window.end)
