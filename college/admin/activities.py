"""The activity catalogue (活动项目) and residents' activity wishes in the coordinators' admin."""

from __future__ import annotations

from django.contrib import admin

from college.models import Activity, ActivityWish


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ("name", "category", "synonyms", "initials")
    list_filter = ("category",)
    search_fields = ("name", "synonyms", "initials", "key")  # 广场舞, 坝坝舞 or gcw
    readonly_fields = ("initials",)
    fields = ("key", "name", "category", "synonyms", "initials", "description")


@admin.register(ActivityWish)
class ActivityWishAdmin(admin.ModelAdmin):
    list_display = ("resident", "activity", "rank")
    list_filter = ("activity__category", ("resident__community", admin.RelatedOnlyFieldListFilter))
    search_fields = ("resident__name", "resident__key", "activity__name", "activity__initials")
    autocomplete_fields = ("resident", "activity")
    filter_horizontal = ("reach",)
    list_select_related = ("resident", "activity")


class ResidentActivityWishInline(admin.TabularInline):
    model = ActivityWish
    fields = ("activity", "rank", "reach")
    autocomplete_fields = ("activity",)
    extra = 0
