"""Community scopes in the admin: a coordinator reads other communities' public things but changes only their own.

``scope_admins(site)`` re-registers the admin of every community-owned model with ``CommunityScoped`` mixed in,
so the rules of ``college.domain.access`` hold in the admin as in the API and the pages:

- a row of another community opens read-only (no change, no delete);
- a new row, or a changed one, can only name communities (or venues, teachers, groups, residents) the
  coordinator may change;
- residents and their free time and interests are private: other communities' rows are not listed at all;
- term-wide rows (terms, closures, make-up days, timetables, solve jobs) change only for those who may plan the term;
- rows linking several groups (cohorts, apart and together sets) change only when every group is the coordinator's,
  and name only the coordinator's groups;
- the college record changes only for district coordinators;
- a teacher's phone number and weekly availability show only to the teacher's own coordinators (change page,
  search, autocomplete);
- every admin action (rotating calendar links, deleting, revoking …) refuses a selection that holds a row the
  coordinator may not change, and changes nothing of it.

Every registered model is listed here or in ``UNSCOPED`` (with why it needs no community check): the generated
cross-community test fails for a model that is in neither.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.options import ActionLocation
from django.db import models
from django.db.models import Q
from django.http import HttpRequest
from django.utils.translation import gettext as _

from college.domain.access import Scope, scope_of
from college.models import (
    Activity,
    ActivityWish,
    AllowedVenue,
    ApartSet,
    BlockedWindow,
    Closure,
    Cohort,
    College,
    Community,
    FreeTime,
    Interest,
    InterestGroup,
    MakeUpDay,
    OccurrenceChange,
    PreferredWindow,
    Proposal,
    ProposalJob,
    Resident,
    Session,
    SolveJob,
    SolvePart,
    StartTime,
    Teacher,
    TeacherAbsence,
    TeacherAvailability,
    Term,
    Timetable,
    TogetherSet,
    Venue,
    VenueClosure,
    VenueOpening,
)

CATALOGUE = "*"  # college-wide catalogue rows: any coordinator may change them
DISTRICT = "district"  # rows only district coordinators change

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
    SolvePart: "",
    ProposalJob: "communities",
    Proposal: "community",
    Cohort: "groups__community",
    ApartSet: "groups__community",
    TogetherSet: "groups__community",
    College: DISTRICT,
}
# Registered models that belong to no community, and why no community check is needed.
UNSCOPED: dict[str, str] = {
    "auth.user": "only superusers: coordinators hold no permission of the auth app",
    "auth.group": "only superusers: coordinators hold no permission of the auth app",
    "college.coordinator": "only district coordinators change profiles (CoordinatorAdmin)",
    "college.apitoken": "each coordinator lists, makes and revokes only their own tokens (ApiTokenAdmin)",
    "college.newcalendarquota": "per network address, not per community: any coordinator may lift one (SHARED)",
    "axes.accessattempt": "login throttling: only district coordinators see and lift it (college.admin.throttling)",
    "axes.accesslog": "login throttling: only district coordinators see it (college.admin.throttling)",
    "axes.accessfailurelog": "login throttling: only district coordinators see it (college.admin.throttling)",
    "django_tasks_database.dbtaskresult": "only superusers: coordinators hold no permission of the task app",
}
SHARED = {"college.newcalendarquota"}  # rows every coordinator may delete
# not listed outside the coordinator's communities
PRIVATE = {Resident, FreeTime, Interest, TeacherAvailability, ActivityWish, Proposal}  # a proposal names residents
PRIVATE_FIELDS: dict[type[models.Model], tuple[str, ...]] = {Teacher: ("phone",)}  # only for the owner's coordinators
PRIVATE_INLINES: dict[type[models.Model], tuple[type[models.Model], ...]] = {Teacher: (TeacherAvailability,)}
MANY = {"groups__community", "communities"}  # a row of several groups or communities: each must be the coordinator's


def _community_id(obj: models.Model, path: str) -> int | None:
    value: Any = obj
    for part in path.split("__"):
        value = getattr(value, part, None)
        if value is None:
            return None
    return value if isinstance(value, int) else value.pk


def _community_ids(obj: models.Model, path: str) -> set[int | None]:
    """Every community a row belongs to (several for a row of several groups)."""
    if path in MANY:
        if obj.pk is None:
            return set()
        return set(type(obj)._default_manager.filter(pk=obj.pk).values_list(path, flat=True)) or set()
    return {_community_id(obj, path)}


class CommunityScoped:
    """Mixed into a ``ModelAdmin``: changes limited to the coordinator's communities (see the module)."""

    community_path = ""

    def _scope(self, request: HttpRequest) -> Scope:
        return scope_of(request.user)

    def _may_change(self, request: HttpRequest, obj: models.Model | None) -> bool:
        scope = self._scope(request)
        if self.community_path == CATALOGUE:
            return scope.may_edit_catalogue()
        if self.community_path == DISTRICT:
            return scope.district
        if not self.community_path:
            return scope.may_plan()
        if obj is None:
            return scope.is_coordinator
        return all(scope.may_change(c) for c in _community_ids(obj, self.community_path))

    def _sees_private(self, request: HttpRequest, obj: models.Model | None) -> bool:
        if obj is None or (self.model not in PRIVATE_FIELDS and self.model not in PRIVATE_INLINES):
            return True
        return self._scope(request).may_change(_community_id(obj, self.community_path))

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        if self.model is Community:
            return self._scope(request).district and super().has_add_permission(request, *args)
        return self._may_change(request, None) and super().has_add_permission(request, *args)

    def has_change_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return super().has_change_permission(request, obj) and (obj is None or self._may_change(request, obj))

    def has_delete_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return super().has_delete_permission(request, obj) and self._may_change(request, obj)

    def get_fields(self, request: HttpRequest, obj: models.Model | None = None) -> Any:
        fields = super().get_fields(request, obj)
        hidden = () if self._sees_private(request, obj) else PRIVATE_FIELDS.get(self.model, ())
        return [f for f in fields if f not in hidden]

    def get_inline_instances(self, request: HttpRequest, obj: models.Model | None = None) -> list[Any]:
        inlines = super().get_inline_instances(request, obj)
        hidden = () if self._sees_private(request, obj) else PRIVATE_INLINES.get(self.model, ())
        return [inline for inline in inlines if inline.model not in hidden]

    def get_search_fields(self, request: HttpRequest) -> Any:
        """Private fields (a phone number) are searched only among the coordinator's own rows (below)."""
        fields = super().get_search_fields(request)
        if self._scope(request).district:
            return fields
        private = PRIVATE_FIELDS.get(self.model, ())
        return [f for f in fields if f.lstrip("^=@") not in private]

    def get_search_results(self, request: HttpRequest, queryset: models.QuerySet, search_term: str) -> Any:
        found, duplicates = super().get_search_results(request, queryset, search_term)
        scope = self._scope(request)
        private = PRIVATE_FIELDS.get(self.model, ())
        if private and search_term.strip() and not scope.district:
            words = Q()
            for word in search_term.split():
                for field in private:
                    words |= Q(**{f"{field}__icontains": word})
            mine = queryset.filter(**{f"{self.community_path}__in": scope.community_ids})
            found = found | mine.filter(words)
        return found, duplicates

    def get_actions(self, request: HttpRequest, action_location: Any = ActionLocation.CHANGE_LIST) -> dict[str, Any]:
        """Every action refuses a selection holding a row the coordinator may not change."""
        actions = super().get_actions(request, action_location)
        return {name: dataclasses.replace(action, func=_guarded(action.func)) for name, action in actions.items()}

    def formfield_for_manytomany(self, db_field: models.ManyToManyField, request: HttpRequest, **kwargs: Any) -> Any:
        scope = self._scope(request)
        owner = self.community_path.partition("__")[0]
        if self.community_path in MANY and db_field.name == owner and not scope.district:
            lookup = "pk__in" if db_field.related_model is Community else "community__in"  # communities, or groups
            kwargs["queryset"] = db_field.related_model._default_manager.filter(**{lookup: scope.community_ids})
        return super().formfield_for_manytomany(db_field, request, **kwargs)

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
        if db_field.name == owner and not scope.district and self.community_path not in (*MANY, CATALOGUE):
            lookup = f"{rest}__in" if rest else "pk__in"
            kwargs["queryset"] = db_field.related_model._default_manager.filter(**{lookup: scope.community_ids})
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


def _guarded(func: Any) -> Any:
    def action(model_admin: Any, request: HttpRequest, queryset: models.QuerySet) -> Any:
        if not all(model_admin._may_change(request, obj) for obj in queryset):
            model_admin.message_user(
                request, _("The selection holds rows you may not change; nothing was done."), messages.ERROR
            )
            return None
        return func(model_admin, request, queryset)

    action.__name__ = getattr(func, "__name__", "action")
    return action


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
