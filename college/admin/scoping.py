"""Community scopes in the admin: a coordinator reads other communities' public things but changes only their own.

``scope_admins(site)`` re-registers the admin of every community-owned model with ``CommunityScoped`` mixed in,
so the rules of ``college.domain.access`` hold in the admin as in the API and the pages:

- a row of another community opens read-only (no change, no delete);
- a new row, or a changed one, can only name communities (or venues, teachers, groups, residents) the
  coordinator may change;
- residents and their free time and interests are private: other communities' rows are not listed at all;
- term-wide rows (terms, closures, make-up days, timetables, solve jobs) change only for those who may plan the term.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from college.domain.access import Scope, scope_of
from college.models import (
    Activity,
    ActivityWish,
    AllowedVenue,
    BlockedWindow,
    Closure,
    Community,
    FreeTime,
    Interest,
    InterestGroup,
    MakeUpDay,
    OccurrenceChange,
    PreferredWindow,
    Resident,
    Session,
    SolveJob,
    StartTime,
    Teacher,
    TeacherAbsence,
    TeacherAvailability,
    Term,
    Timetable,
    Venue,
    VenueClosure,
    VenueOpening,
)

CATALOGUE = "*"  # college-wide catalogue rows: any coordinator may change them
# model → the lookup from a row to its community ("" for term-wide rows, which need the planning scope)
COMMUNITY_OF: dict[type[models.Model], str] = {
    Activity: CATALOGUE,
    ActivityWish: "resident__community",
    Community: "pk",
    Venue: "community",
    VenueOpening: "venue__community",
    VenueClosure: "venue__community",
    Teacher: "community",
    TeacherAvailability: "teacher__community",
    TeacherAbsence: "teacher__community",
    InterestGroup: "community",
    PreferredWindow: "group__community",
    BlockedWindow: "group__community",
    StartTime: "group__community",
    AllowedVenue: "group__community",
    Resident: "community",
    FreeTime: "resident__community",
    Interest: "resident__community",
    Session: "group__community",
    OccurrenceChange: "group__community",
    Term: "",
    Closure: "",
    MakeUpDay: "",
    Timetable: "",
    SolveJob: "",
}
PRIVATE = {Resident, FreeTime, Interest, ActivityWish}  # not listed outside the coordinator's communities


def _community_id(obj: models.Model, path: str) -> int | None:
    value: Any = obj
    for part in path.split("__"):
        value = getattr(value, part, None)
        if value is None:
            return None
    return value if isinstance(value, int) else value.pk


class CommunityScoped:
    """Mixed into a ``ModelAdmin``: changes limited to the coordinator's communities (see the module)."""

    community_path = ""

    def _scope(self, request: HttpRequest) -> Scope:
        return scope_of(request.user)

    def _may_change(self, request: HttpRequest, obj: models.Model | None) -> bool:
        scope = self._scope(request)
        if self.community_path == CATALOGUE:
            return scope.may_edit_catalogue()
        if not self.community_path:
            return scope.may_plan()
        if obj is None:
            return scope.is_coordinator
        return scope.may_change(_community_id(obj, self.community_path))

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        if self.model is Community:
            return self._scope(request).district and super().has_add_permission(request, *args)
        return self._may_change(request, None) and super().has_add_permission(request, *args)

    def has_change_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return super().has_change_permission(request, obj) and (obj is None or self._may_change(request, obj))

    def has_delete_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return super().has_delete_permission(request, obj) and self._may_change(request, obj)

    def get_queryset(self, request: HttpRequest) -> models.QuerySet:
        queryset = super().get_queryset(request)
        scope = self._scope(request)
        if self.model in PRIVATE and not scope.district:
            queryset = queryset.filter(**{f"{self.community_path}__in": scope.community_ids})
        return queryset

    def formfield_for_foreignkey(self, db_field: models.ForeignKey, request: HttpRequest, **kwargs: Any) -> Any:
        """The row's owner (its community, or the venue, teacher, group, resident it belongs to) must be the
        coordinator's; other references (a group's teacher, a session's venue) may cross communities."""
        owner, _, rest = self.community_path.partition("__")
        scope = self._scope(request)
        if db_field.name == owner and not scope.district and self.community_path != CATALOGUE:
            lookup = f"{rest}__in" if rest else "pk__in"
            kwargs["queryset"] = db_field.related_model._default_manager.filter(**{lookup: scope.community_ids})
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


def scope_admins(site: admin.AdminSite) -> None:
    """Re-register each community-owned model's admin with ``CommunityScoped`` mixed in."""
    for model, path in COMMUNITY_OF.items():
        registered = site._registry.get(model)
        if registered is None or isinstance(registered, CommunityScoped):
            continue
        original = type(registered)
        scoped = type(original.__name__, (CommunityScoped, original), {"community_path": path})
        site.unregister(model)
        site.register(model, scoped)
