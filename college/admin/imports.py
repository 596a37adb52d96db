"""The admin's import page: upload a spreadsheet, see the dry run, then import it for real.

After a clean dry run the page carries the file (base64, in a hidden field) so "Import now" needs no second
upload; the real run checks every row again. Templates, today's rows and the exports are links to the API,
which the signed-in session may call.
"""

from __future__ import annotations

import base64
import binascii

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext_lazy as _

from college.domain.access import Scope, changeable_communities, scope_of
from college.domain.imports import KINDS, SURVEY_ROWS_AT_MOST, ImportReport, TableError, import_table
from college.domain.imports.tables import MAX_BYTES
from college.models import Resident, Term, Timetable, TimetableStatus

KIND_LABELS = {"teachers": _("Teachers"), "venues": _("Venues"), "groups": _("Interest groups"),
               "survey": _("Survey answers (free time and interests)")}  # fmt: skip
NEEDED = {  # the admin permissions an import of each kind needs
    "teachers": ["college.add_teacher", "college.change_teacher"],
    "venues": ["college.add_venue", "college.change_venue"],
    "groups": ["college.add_interestgroup", "college.change_interestgroup"],
    "survey": ["college.add_resident", "college.change_resident", "college.add_interest", "college.delete_interest"],
}


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label=_("What to import"), choices=list(KIND_LABELS.items()))
    file = forms.FileField(label=_("Spreadsheet (.xlsx or .csv)"), required=False)
    content = forms.CharField(widget=forms.HiddenInput, required=False)  # the file of a clean dry run
    filename = forms.CharField(widget=forms.HiddenInput, required=False, max_length=200)
    dry_run = forms.BooleanField(label=_("Dry run: only show what would change"), required=False, initial=True)

    def upload(self) -> tuple[bytes, str]:
        upload = self.cleaned_data.get("file")
        if upload is not None:
            if upload.size > MAX_BYTES:
                raise forms.ValidationError(_("The file is larger than 10 MB."))
            return upload.read(), upload.name
        try:
            data = base64.b64decode(self.cleaned_data.get("content") or "", validate=True)
        except binascii.Error:
            data = b""
        if not data:
            raise forms.ValidationError(_("Choose a file to import."))
        return data, self.cleaned_data.get("filename") or ""


def import_view(request: HttpRequest) -> HttpResponse:
    scope = scope_of(request.user)
    if not scope.is_coordinator:
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    report: ImportReport | None = None
    carried = {}
    if request.method == "POST" and form.is_valid():
        kind = form.cleaned_data["kind"]
        if not request.user.has_perms(NEEDED[kind]):
            raise PermissionDenied
        try:
            data, filename = form.upload()
            communities = None if scope.district else scope.community_ids
            report = import_table(kind, data, filename, dry_run=form.cleaned_data["dry_run"], communities=communities)
        except (forms.ValidationError, TableError) as error:
            form.add_error("file", str(error.messages[0] if hasattr(error, "messages") else error))
        else:
            if report.dry_run and report.ok and any(r.action != "unchanged" for r in report.rows):
                carried = {"kind": kind, "content": base64.b64encode(data).decode(), "filename": filename}
    context = {
        **admin.site.each_context(request),
        "title": _("Import and export"),
        "form": form,
        "report": report,
        "carried": carried,
        "kinds": [(name, KIND_LABELS[name], KINDS[name].title) for name in KINDS],
        "timetables": Timetable.objects.filter(status=TimetableStatus.PUBLISHED).select_related("term"),
        "terms": Term.objects.all(),
        "communities": changeable_communities(request.user),
        "whole_survey": _whole_survey(scope),
    }
    return render(request, "admin/college/imports.html", context)


urls = [path("admin/college/imports/", admin.site.admin_view(import_view), name="college_imports")]


def _whole_survey(scope: Scope) -> bool:
    """Whether the survey of every community the coordinator has fits one download (else one link a community)."""
    residents = Resident.objects.all() if scope.district else Resident.objects.filter(community__in=scope.community_ids)
    return residents.count() <= SURVEY_ROWS_AT_MOST
