"""Admin for the re-plan changes (editable) and the solve jobs (read-only: the workflow writes them)."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from college.models import SolveJob, SolvePart, TeacherAbsence, VenueClosure


@admin.register(TeacherAbsence)
class TeacherAbsenceAdmin(admin.ModelAdmin):
    list_display = ("teacher", "weekday", "from_date", "reason")
    list_filter = ("weekday",)
    search_fields = ("teacher__name", "reason")
    autocomplete_fields = ("teacher",)
    date_hierarchy = "from_date"


@admin.register(VenueClosure)
class VenueClosureAdmin(admin.ModelAdmin):
    list_display = ("venue", "weekday", "from_date", "reason")
    list_filter = ("weekday",)
    search_fields = ("venue__name", "reason")
    autocomplete_fields = ("venue",)
    date_hierarchy = "from_date"


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows written by the solve workflow: coordinators look, the workflow writes."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class SolvePartInline(admin.TabularInline):
    model = SolvePart
    fields = ("index", "status", "objective", "bound", "sessions_placed", "sessions_total", "elapsed", "message")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(SolveJob)
class SolveJobAdmin(ReadOnlyAdmin):
    list_display = ("term", "status", "objective", "bound", "elapsed", "created_at", "created_by", "timetable")
    list_filter = ("status", "term")
    list_select_related = ("term", "created_by", "timetable")
    inlines = [SolvePartInline]


@admin.register(SolvePart)
class SolvePartAdmin(ReadOnlyAdmin):
    list_display = ("job", "index", "status", "objective", "bound", "elapsed")
    list_filter = ("status",)
    list_select_related = ("job__term",)
