"""Coordinator logins: staff users in the "Coordinators" group, which holds every college permission.

Issue 6 scopes coordinators to communities; this module only creates the group and the demo login.
"""

from __future__ import annotations

import secrets

from django.contrib.auth.models import Group, Permission, User
from django.db import transaction

COORDINATORS = "Coordinators"


def coordinators_group() -> Group:
    """The group of coordinators, holding every permission of the college app (created or refreshed)."""
    group, _ = Group.objects.get_or_create(name=COORDINATORS)
    group.permissions.set(Permission.objects.filter(content_type__app_label="college"))
    return group


@transaction.atomic
def make_coordinator(username: str, password: str | None = None) -> tuple[User, str]:
    """Create or reset a coordinator login; returns the user and its (new) password."""
    password = password or secrets.token_urlsafe(9)
    user, _ = User.objects.get_or_create(username=username)
    user.is_staff, user.is_active, user.is_superuser = True, True, False
    user.set_password(password)
    user.save()
    user.groups.add(coordinators_group())
    return user, password
