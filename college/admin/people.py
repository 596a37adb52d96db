from __future__ import annotations

from django.contrib import admin

from college.admin.activities import ResidentActivityWishInline
from college.admin.forms import TeacherForm
from college.admin.occurrences import rotate_resident_links, rotate_teacher_links
from college.admin.windows import WindowAdmin, WindowInline
from college.admin.workflow import ReadOnlyAdmin
from college.models import FreeTime, Interest, NewCalendarQuota, Resident, Teacher, TeacherAvailability


class TeacherAvailabilityInline(WindowInline):
    model = TeacherAvailability


@admin.register(Teacher)
class TeacherAdmin(admin.ModelAdmin):
    form = TeacherForm
    list_display = ("name", "community", "max_sessions_per_week", "volunteer")
    list_filter = ("community", "volunteer")
    search_fields = ("name", "key", "phone")
    list_select_related = ("community",)
    autocomplete_fields = ("activities",)
    inlines = [TeacherAvailabilityInline]
    actions = [rotate_teacher_links]


@admin.register(TeacherAvailability)
class TeacherAvailabilityAdmin(WindowAdmin):
    list_display = ("teacher", *WindowAdmin.list_display)
    list_filter = (("teacher__community", admin.RelatedOnlyFieldListFilter), "weekday")
    search_fields = ("teacher__name", "teacher__key")
    autocomplete_fields = ("teacher",)
    list_select_related = ("teacher",)


class FreeTimeInline(WindowInline):
    model = FreeTime


class ResidentInterestInline(admin.TabularInline):
    model = Interest
    fields = ("group", "kind", "rank")
    autocomplete_fields = ("group",)
    extra = 1


@admin.register(Resident)
class ResidentAdmin(admin.ModelAdmin):
    list_display = ("name", "key", "community", "age_band")
    list_filter = ("community", "age_band")
    search_fields = ("name", "key")
    list_select_related = ("community",)
    inlines = [FreeTimeInline, ResidentInterestInline, ResidentActivityWishInline]
    actions = [rotate_resident_links]


@admin.register(FreeTime)
class FreeTimeAdmin(WindowAdmin):
    list_display = ("resident", *WindowAdmin.list_display)
    list_filter = (("resident__community", admin.RelatedOnlyFieldListFilter), "weekday")
    search_fields = ("resident__name", "resident__key")
    autocomplete_fields = ("resident",)
    list_select_related = ("resident",)


@admin.register(NewCalendarQuota)
class NewCalendarQuotaAdmin(ReadOnlyAdmin):
    """The /my/ page's hourly quotas per client address (hashed): deleting a row lets that network make calendars
    again at once, e.g. a centre signing up its members."""

    list_display = ("address", "since", "count")
    ordering = ("-since",)
