"""Coordinator logins: staff users in the "Coordinators" group, which holds every college permission.

Each login also gets a coordinator profile (``college.models.Coordinator``): a district coordinator
by default, or one scoped to the given communities (see ``college.domain.access``).
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable

from django.contrib.auth.models import Group, Permission, User
from django.db import transaction

from college.models import Community, Coordinator

COORDINATORS = "Coordinators"


def coordinators_group() -> Group:
    """The group of coordinators, holding every permission of the college app (created or refreshed)."""
    group, _ = Group.objects.get_or_create(name=COORDINATORS)
    group.permissions.set(Permission.objects.filter(content_type__app_label="college"))
    return group


@transaction.atomic
def make_coordinator(
    username: str, password: str | None = None, *, communities: Iterable[Community] | None = None
) -> tuple[User, str]:
    """Create or reset a coordinator login; returns the user and its (new) password.

    Without ``communities`` the login is a district coordinator (sees and changes everything).
    """
    password = password or secrets.token_urlsafe(9)
    user, _ = User.objects.get_or_create(username=username)
    user.is_staff, user.is_active, user.is_superuser = True, True, False
    user.set_password(password)
    user.save()
    user.groups.add(coordinators_group())
    profile, _ = Coordinator.objects.update_or_create(user=user, defaults={"is_district": communities is None})
    profile.communities.set(communities or [])
    return user, password
