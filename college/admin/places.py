from __future__ import annotations

from django.contrib import admin

from college.admin.forms import VenueForm
from college.admin.windows import WindowAdmin, WindowInline
from college.models import College, Community, Venue, VenueOpening


@admin.register(College)
class CollegeAdmin(admin.ModelAdmin):
    list_display = ("name",)


@admin.register(Community)
class CommunityAdmin(admin.ModelAdmin):
    list_display = ("name", "key", "district", "street")
    list_filter = ("district",)
    search_fields = ("name", "key", "district", "street")


class VenueOpeningInline(WindowInline):
    model = VenueOpening


@admin.register(Venue)
class VenueAdmin(admin.ModelAdmin):
    form = VenueForm
    list_display = ("name", "community", "kind", "capacity", "indoor", "step_free")
    list_filter = ("community", "kind", "indoor", "step_free")
    search_fields = ("name", "key", "address", "community__name")
    list_select_related = ("community",)
    inlines = [VenueOpeningInline]


@admin.register(VenueOpening)
class VenueOpeningAdmin(WindowAdmin):
    list_display = ("venue", *WindowAdmin.list_display)
    list_filter = (("venue__community", admin.RelatedOnlyFieldListFilter), "weekday")
    search_fields = ("venue__name", "venue__key")
    autocomplete_fields = ("venue",)
    list_select_related = ("venue",)
