"""The coordinators' admin: every model, Chinese labels from the translation files, English fallback."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from college.admin import (
    access,
    activities,
    auth,
    groups,
    links,
    occurrences,
    people,
    places,
    proposals,
    scoping,
    terms,
    throttling,
    timetables,
    workflow,
)

scoping.scope_admins(admin.site)  # coordinators change only their communities' rows (college.domain.access)
throttling.district_only_throttling(admin.site)  # district coordinators lift login locks
auth.translate_auth_admins(admin.site)  # permission and group names in the admin's language

admin.site.site_header = _("Kebiao community college timetables")
admin.site.site_title = _("Kebiao")
admin.site.index_title = _("Coordinator's desk")

__all__ = [
    "access",
    "activities",
    "auth",
    "groups",
    "links",
    "occurrences",
    "people",
    "places",
    "proposals",
    "scoping",
    "terms",
    "throttling",
    "timetables",
    "workflow",
]
