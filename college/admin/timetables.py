from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from college.domain.errors import WorkflowError
from college.domain.reasons import unscheduled
from college.domain.versions.timetables import publish
from college.models import Session, Timetable, TimetableStatus
from college.models.fields import format_minutes

SESSION_FIELDS = ("group", "number", "weekday", "start", "end", "venue", "teacher", "pinned")
FROZEN_FIELDS = tuple(f for f in SESSION_FIELDS if f != "pinned")  # a pin is an instruction for the next solve


def frozen(timetable: Timetable | None) -> bool:
    """Versions, not edits: only a draft's sessions may change (pins excepted)."""
    return timetable is not None and timetable.pk is not None and timetable.status != TimetableStatus.DRAFT


class SessionInline(admin.TabularInline):
    model = Session
    fields = SESSION_FIELDS
    autocomplete_fields = ("group", "venue", "teacher")
    extra = 0

    def get_readonly_fields(self, request: HttpRequest, obj: Timetable | None = None) -> tuple[str, ...]:
        return FROZEN_FIELDS if frozen(obj) else ()

    def has_add_permission(self, request: HttpRequest, obj: Timetable | None = None) -> bool:
        return not frozen(obj) and super().has_add_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Timetable | None = None) -> bool:
        return not frozen(obj) and super().has_delete_permission(request, obj)


@admin.register(Timetable)
class TimetableAdmin(admin.ModelAdmin):
    list_display = ("term", "version", "status", "solver_status", "objective", "gap", "created_at", "created_by")
    list_filter = ("status", "term", "solver_status")
    search_fields = ("term__name", "note")
    readonly_fields = ("status", "published_at", "created_at", "created_by")
    list_select_related = ("term", "created_by")
    inlines = [SessionInline]
    actions = ["publish_version"]

    @admin.action(description=_("Publish the selected version (the published one is archived)"))
    def publish_version(self, request: HttpRequest, queryset: QuerySet[Timetable]) -> None:
        if queryset.count() != 1:
            self.message_user(request, _("Select exactly one version to publish."), messages.ERROR)
            return
        chosen = queryset.get()
        try:
            published = publish(chosen.pk, leaving_out=chosen.unplaced_keys)  # said in the message
        except WorkflowError as error:
            self.message_user(request, str(error), messages.ERROR)
            return
        self.message_user(request, _("Published %(timetable)s.") % {"timetable": published}, messages.SUCCESS)
        for u in unscheduled(published.unplaced):
            text = _("Not scheduled in this version: %(groups)s. %(reason)s")
            self.message_user(request, text % {"groups": u.text, "reason": u.reason.text}, messages.WARNING)

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

    def get_readonly_fields(self, request: HttpRequest, obj: Session | None = None) -> tuple[str, ...]:
        return ("timetable", *FROZEN_FIELDS) if obj is not None and frozen(obj.timetable) else ()

    def has_delete_permission(self, request: HttpRequest, obj: Session | None = None) -> bool:
        return not (obj is not None and frozen(obj.timetable)) and super().has_delete_permission(request, obj)

    @admin.display(description=_("start"), ordering="start")
    def start_time(self, session: Session) -> str:
        return format_minutes(session.start)

    @admin.display(description=_("end"), ordering="end")
    def end_time(self, session: Session) -> str:
        return format_minutes(session.end)
