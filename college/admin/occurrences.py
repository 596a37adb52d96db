"""One-off changes in the admin (checked like the domain functions), and new private calendar links."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from college.domain.calendar import rotate_feed_links
from college.domain.calendar.holidays import coverage_warning
from college.domain.calendar.occurrences import occurrence_problems
from college.models import OccurrenceChange, Term
from college.models.fields import format_minutes

CHECKED_FIELDS = ("term", "group", "number", "date", "cancelled", "new_start", "new_end", "new_venue")


class OccurrenceChangeForm(forms.ModelForm):
    class Meta:
        model = OccurrenceChange
        fields = (*CHECKED_FIELDS, "reason")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if self.errors or any(cleaned.get(name) is None for name in ("term", "group", "number", "date")):
            return cleaned
        candidate = OccurrenceChange(**{name: cleaned.get(name) for name in CHECKED_FIELDS})
        # A new change, or a change moved to another date, may not reach into the past; old rows stay editable.
        today = timezone.localdate() if self.instance.pk is None or "date" in self.changed_data else None
        for field, problems in occurrence_problems(candidate, today=today).items():
            for problem in problems:
                self.add_error(field if field in self.fields else None, problem)
        return cleaned

    def _update_errors(self, errors: ValidationError) -> None:
        # A field refused above leaves the instance without its value: the model's own check would then add a
        # second, wrong error ("give both times") to a field that was filled in.
        if hasattr(errors, "error_dict"):
            errors = ValidationError({f: e for f, e in errors.error_dict.items() if f not in self.errors})
        super()._update_errors(errors)


@admin.register(OccurrenceChange)
class OccurrenceChangeAdmin(admin.ModelAdmin):
    form = OccurrenceChangeForm
    list_display = ("date", "group", "number", "cancelled", "new_time", "new_venue", "reason", "changed_at", "term")
    list_filter = ("term", "cancelled", ("group__community", admin.RelatedOnlyFieldListFilter))
    search_fields = ("group__name", "group__key", "reason")
    autocomplete_fields = ("group", "new_venue")
    list_select_related = ("group", "new_venue", "term")
    date_hierarchy = "date"
    readonly_fields = ("changed_at", "changed_by")

    @admin.display(description=_("new time"))
    def new_time(self, change: OccurrenceChange) -> str:
        if change.new_start is None:
            return ""
        return f"{format_minutes(change.new_start)}–{format_minutes(change.new_end)}"

    def save_model(self, request: HttpRequest, obj: OccurrenceChange, form: Any, change: bool) -> None:
        obj.changed_at = timezone.now()
        obj.changed_by = request.user  # type: ignore[assignment]
        super().save_model(request, obj, form, change)

    def changelist_view(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        # Shown with the page, not queued as messages: an action's redirect would otherwise show them twice.
        warnings = []
        for term in Term.objects.filter(timetables__status="published").distinct().order_by("first_day"):
            warning = coverage_warning(term.first_day, term.last_day)
            if warning:
                warnings.append(f"{term}: {warning}")
        return super().changelist_view(request, {**(extra_context or {}), "holiday_warnings": warnings})


def _rotate(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet, kind: str) -> None:
    links = [(owner, rotate_feed_links(kind, owner.pk)) for owner in queryset]
    for owner, link in links:
        messages.info(request, _("New calendar link of %(name)s: %(link)s") % {"name": owner, "link": link.https})
    messages.success(
        request,
        ngettext(
            "Issued %(count)d new private calendar link; the old one stopped working.",
            "Issued %(count)d new private calendar links; the old ones stopped working.",
            len(links),
        )
        % {"count": len(links)},
    )


@admin.action(description=_("Issue a new private calendar link (the old one stops working)"))
def rotate_teacher_links(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet) -> None:
    _rotate(modeladmin, request, queryset, "teacher")


@admin.action(description=_("Issue a new private calendar link (the old one stops working)"))
def rotate_resident_links(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet) -> None:
    _rotate(modeladmin, request, queryset, "resident")
