"""Users and groups in the coordinators' language: permission and group names translated where they are shown.

Django stores permission names in English when it migrates ("Can add API token") and shows them as stored;
here each one reads as the app, the model and the action in the admin's language (社区学院 | API 令牌 |
可以增加API 令牌). The coordinators' group is named in the code ("Coordinators") and shown translated.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, Permission, User
from django.db.models import ManyToManyField
from django.http import HttpRequest
from django.utils.translation import gettext, gettext_lazy

ACTIONS = {
    "add": gettext_lazy("Can add %(model)s"),
    "change": gettext_lazy("Can change %(model)s"),
    "delete": gettext_lazy("Can delete %(model)s"),
    "view": gettext_lazy("Can view %(model)s"),
}


def permission_label(permission: Permission) -> str:
    """ "App | model | action" in the active language (a custom permission keeps its own, translated name)."""
    model = permission.content_type.model_class()
    if model is None:  # a model that no longer exists
        return str(permission)
    action, _sep, rest = permission.codename.partition("_")
    if action in ACTIONS and rest == model._meta.model_name:
        what = ACTIONS[action] % {"model": model._meta.verbose_name}
    else:
        what = gettext(permission.name)
    return f"{apps.get_app_config(model._meta.app_label).verbose_name} | {model._meta.verbose_name} | {what}"


def group_label(group: Group) -> str:
    return gettext(group.name)


class TranslatedLabels:
    """Mixed into the user and group admins: their permission and group pickers read in the admin's language."""

    def formfield_for_manytomany(self, db_field: ManyToManyField, request: HttpRequest, **kwargs: Any) -> Any:
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if field is not None and db_field.related_model is Permission:
            field.label_from_instance = permission_label
        elif field is not None and db_field.related_model is Group:
            field.label_from_instance = group_label
        return field


class CollegeUserAdmin(TranslatedLabels, UserAdmin):
    pass


class CollegeGroupAdmin(TranslatedLabels, GroupAdmin):
    list_display = ("translated_name",)

    @admin.display(description=gettext_lazy("name"), ordering="name")
    def translated_name(self, group: Group) -> str:
        return group_label(group)


def translate_auth_admins(site: admin.AdminSite) -> None:
    """Re-register the user and group admins with translated labels (when the site has them)."""
    for model, translated in ((User, CollegeUserAdmin), (Group, CollegeGroupAdmin)):
        if model in site._registry:
            site.unregister(model)
            site.register(model, translated)
