from __future__ import annotations

from django.contrib import admin

from college.admin.forms import InterestGroupForm
from college.admin.windows import WindowAdmin, WindowInline
from college.models import Interest, InterestGroup, PreferredWindow


class PreferredWindowInline(WindowInline):
    model = PreferredWindow
    extra = 0


@admin.register(InterestGroup)
class InterestGroupAdmin(admin.ModelAdmin):
    form = InterestGroupForm
    list_display = (
        "name", "activity", "category", "audience", "community", "teacher", "sessions_per_week", "session_minutes",
        "registered",
    )  # fmt: skip
    list_filter = ("community", "category", "audience", "registered", "step_free")
    search_fields = ("name", "key", "teacher__name", "description", "activity__name", "activity__initials")
    list_select_related = ("community", "teacher", "activity")
    autocomplete_fields = ("teacher", "activity")
    inlines = [PreferredWindowInline]


@admin.register(PreferredWindow)
class PreferredWindowAdmin(WindowAdmin):
    list_display = ("group", *WindowAdmin.list_display)
    list_filter = (("group__community", admin.RelatedOnlyFieldListFilter), "group__category", "weekday")
    search_fields = ("group__name", "group__key")
    autocomplete_fields = ("group",)
    list_select_related = ("group",)


@admin.register(Interest)
class InterestAdmin(admin.ModelAdmin):
    list_display = ("resident", "group", "kind", "rank")
    list_filter = ("kind", ("group__community", admin.RelatedOnlyFieldListFilter), "group__category", "group__audience")
    search_fields = ("resident__name", "resident__key", "group__name", "group__key")
    autocomplete_fields = ("resident", "group")
    list_select_related = ("resident", "group")
