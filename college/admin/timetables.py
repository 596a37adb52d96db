from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from college.models import Session, Timetable
from college.models.fields import format_minutes


class SessionInline(admin.TabularInline):
    model = Session
    fields = ("group", "number", "weekday", "start", "end", "venue", "teacher", "pinned")
    autocomplete_fields = ("group", "venue", "teacher")
    extra = 0


@admin.register(Timetable)
class TimetableAdmin(admin.ModelAdmin):
    list_display = ("term", "version", "status", "solver_status", "objective", "gap", "created_at", "created_by")
    list_filter = ("status", "term", "solver_status")
    search_fields = ("term__name", "note")
    readonly_fields = ("created_at", "created_by")
    list_select_related = ("term", "created_by")
    inlines = [SessionInline]

    def save_model(self, request: HttpRequest, obj: Timetable, form: Any, change: bool) -> None:
        if not change and obj.created_by_id is None:
            obj.created_by = request.user  # type: ignore[assignment]
        super().save_model(request, obj, form, change)


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ("group", "number", "weekday", "start_time", "end_time", "venue", "teacher", "pinned", "timetable")
    list_filter = (
        "timetable__status",
        ("group__community", admin.RelatedOnlyFieldListFilter),
        "group__category",
        "group__audience",
        "weekday",
        "pinned",
    )
    search_fields = ("group__name", "group__key", "venue__name", "teacher__name")
    autocomplete_fields = ("group", "venue", "teacher")
    list_select_related = ("group", "venue", "teacher", "timetable__term")

    @admin.display(description=_("start"), ordering="start")
    def start_time(self, session: Session) -> str:
        return format_minutes(session.start)

    @admin.display(description=_("end"), ordering="end")
    def end_time(self, session: Session) -> str:
        return format_minutes(session.end)
