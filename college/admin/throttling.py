"""django-axes' login records in the admin: district coordinators look and lift a lock (delete its attempt row)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from college.domain.access import scope_of

AXES_MODELS = ("axes.accessattempt", "axes.accesslog", "axes.accessfailurelog")


class DistrictOnly:
    """Mixed into axes' admins: only district coordinators (and superusers) see them; nobody adds or edits."""

    def _district(self, request: HttpRequest) -> bool:
        return scope_of(request.user).district

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._district(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._district(request)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._district(request)


def district_only_throttling(site: admin.AdminSite) -> None:
    for model in list(site._registry):
        if model._meta.label_lower in AXES_MODELS and not isinstance(site._registry[model], DistrictOnly):
            original = type(site._registry[model])
            site.unregister(model)
            site.register(model, type(original.__name__, (DistrictOnly, original), {}))
