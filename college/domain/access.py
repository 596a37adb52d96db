"""Who may change what: the one place that answers it, for the API and the pages alike.

    scope = scope_of(request.user)      # what a user may change: every community, some, or none
    scope.may_change(community_id)      # create/update/delete a community's venues, teachers, groups, residents,
                                        # pin or cancel its sessions
    may_change(user, community)         # the same, from a user and a Community (or its id)
    may_plan(user, term)                # solve, publish, roll back or re-plan a term's timetable
    scope.may_edit_catalogue()          # add or change activities of the college-wide catalogue (活动项目)
    changeable_communities(user)        # a queryset of the communities the user may change

Rules: a superuser or a district coordinator (``Coordinator.is_district``) may change every community
and plan every term. Other coordinators may change the communities on their profile. A term's
timetable spans every community with registered groups, so planning it needs all of those
communities: a coordinator of community A cannot solve or publish a term that schedules B's groups.
Anyone may read the public catalogue; anonymous users, users without a coordinator profile and
inactive users may change nothing. Teachers and residents are not users: they act through their
private links only (``Teacher.by_feed_token`` / ``Resident.by_feed_token``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from college.models import Community, Coordinator, InterestGroup, Term

__all__ = ["Scope", "changeable_communities", "may_change", "may_plan", "scope_of"]


@dataclass(frozen=True)
class Scope:
    """What one user may change: ``district`` means everything, else the communities listed."""

    district: bool = False
    community_ids: frozenset[int] = frozenset()

    @property
    def is_coordinator(self) -> bool:
        return self.district or bool(self.community_ids)

    def may_change(self, community_id: int | None) -> bool:
        return self.district or community_id in self.community_ids

    def may_edit_catalogue(self) -> bool:
        """Any coordinator may add to the activity catalogue: residents of every community wish from it."""
        return self.is_coordinator

    def may_plan(self) -> bool:
        """May plan (solve, publish, roll back) a college-wide term: every community with registered groups."""
        if self.district:
            return True
        if not self.community_ids:
            return False
        needed = set(InterestGroup.objects.filter(registered=True).values_list("community_id", flat=True).distinct())
        return needed <= self.community_ids


NOBODY = Scope()
EVERYTHING = Scope(district=True)


def scope_of(user: Any) -> Scope:
    """The scope of a user (anonymous and inactive users get the empty scope)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return NOBODY
    if user.is_superuser:
        return EVERYTHING
    cached = getattr(user, "_kebiao_scope", None)
    if cached is not None:
        return cached
    profile = Coordinator.objects.filter(user=user).first()
    if profile is None:
        scope = NOBODY
    elif profile.is_district:
        scope = EVERYTHING
    else:
        scope = Scope(community_ids=frozenset(profile.communities.values_list("pk", flat=True)))
    user._kebiao_scope = scope  # one query per request, not per check
    return scope


def may_change(user: Any, community: Community | int) -> bool:
    """May ``user`` change things belonging to ``community`` (a Community or its id)?"""
    community_id = community if isinstance(community, int) else community.pk
    return scope_of(user).may_change(community_id)


def may_plan(user: Any, term: Term | int) -> bool:
    """May ``user`` solve, publish, roll back or re-plan ``term``'s timetable?

    Terms are college-wide today, so the answer does not depend on the term; it is a parameter so
    callers state what they ask about and a future per-community term changes only this function.
    """
    del term
    return scope_of(user).may_plan()


def changeable_communities(user: Any) -> QuerySet[Community]:
    scope = scope_of(user)
    if scope.district:
        return Community.objects.all()
    return Community.objects.filter(pk__in=scope.community_ids)
