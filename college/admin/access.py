"""Coordinator profiles and personal API tokens in the admin.

A token is made on the add page and its raw value is shown once, in the confirmation message;
afterwards only its first characters are visible. "Revoke" stops a token at once and keeps the row.
Coordinators who are not superusers see and make only their own tokens; only district coordinators
and superusers edit coordinator profiles (who may change which community).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import ForeignKey, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from college.domain.access import scope_of
from college.models import ApiToken, Coordinator


@admin.register(Coordinator)
class CoordinatorAdmin(admin.ModelAdmin):
    list_display = ("user", "is_district", "community_names")
    list_filter = ("is_district", "communities")
    search_fields = ("user__username", "user__first_name", "user__last_name")
    filter_horizontal = ("communities",)
    autocomplete_fields = ("user",)

    @admin.display(description=_("communities"))
    def community_names(self, coordinator: Coordinator) -> str:
        return "、".join(c.name for c in coordinator.communities.all())

    def get_queryset(self, request: HttpRequest) -> QuerySet[Coordinator]:
        return super().get_queryset(request).select_related("user").prefetch_related("communities")

    def _district(self, request: HttpRequest) -> bool:
        return scope_of(request.user).district

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self._district(request) and super().has_add_permission(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._district(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._district(request) and super().has_delete_permission(request, obj)


class ApiTokenForm(forms.ModelForm):
    class Meta:
        model = ApiToken
        fields = ("user", "name")


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    form = ApiTokenForm
    list_display = ("name", "user", "prefix", "created_at", "last_used_at", "revoked_at")
    list_filter = ("revoked_at",)
    search_fields = ("name", "prefix", "user__username")
    readonly_fields = ("prefix", "created_at", "last_used_at", "revoked_at")
    actions = ["revoke"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[ApiToken]:
        queryset = super().get_queryset(request).select_related("user")
        return queryset if request.user.is_superuser else queryset.filter(user=request.user)

    def get_readonly_fields(self, request: HttpRequest, obj: ApiToken | None = None) -> tuple[str, ...]:
        return (*self.readonly_fields, "user") if obj is not None else self.readonly_fields

    def formfield_for_foreignkey(self, db_field: ForeignKey, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "user" and not request.user.is_superuser:
            kwargs["queryset"] = db_field.remote_field.model.objects.filter(pk=request.user.pk)
            kwargs["initial"] = request.user.pk
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request: HttpRequest, obj: ApiToken, form: Any, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        raw = ApiToken.new_raw_token()
        obj.set_raw_token(raw)
        super().save_model(request, obj, form, change)
        messages.warning(
            request,
            _(
                "Your new API token is %(token)s — copy it now: it is shown only once. "
                "Send it as “Authorization: Bearer …”."
            )
            % {"token": raw},
        )

    @admin.action(description=_("Revoke the selected API tokens"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        count = queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
        self.message_user(request, _("%(count)s API token(s) revoked.") % {"count": count}, messages.SUCCESS)
