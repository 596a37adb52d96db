"""What happens to a proposal: the coordinator accepts or declines it and registers its group (报备); the teacher it
names answers (接单). Every write asks ``college.domain.access`` (coordinators) or checks the teacher's own link.

Accepting makes an unregistered interest group of the activity in the community, with the proposed teacher, the
proposed weekly time as its preferred windows, and a wish for it from every resident the proposal serves (ranked
as their activity wish). Registering it lets the next solve place it, close to the published timetable.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from college.domain.access import may_change
from college.domain.errors import WorkflowError
from college.models import (
    ActivityWish,
    Answer,
    Audience,
    Decision,
    Interest,
    InterestGroup,
    InterestKind,
    PreferredWindow,
    Proposal,
)

GROUP_KEY_PREFIX = "proposal-"


def _mine(user: Any, proposal_id: int) -> Proposal:
    """The proposal, locked, when the user may change its community (``PermissionDenied`` otherwise)."""
    p = Proposal.objects.select_for_update().select_related("activity", "community", "teacher").get(pk=proposal_id)
    if not may_change(user, p.community_id):
        raise PermissionDenied("Only coordinators of the proposal's community may decide on it.")
    return p


def accept(user: Any, proposal_id: int) -> InterestGroup:
    with transaction.atomic():
        p = _mine(user, proposal_id)
        if p.decision != Decision.PENDING:
            raise WorkflowError(_("This proposal is already %(decision)s.") % {"decision": p.get_decision_display()})
        group = InterestGroup.objects.create(
            key=f"{GROUP_KEY_PREFIX}{p.pk}",
            name=p.activity.name,
            category=p.activity.category,
            activity=p.activity,
            audience=Audience.ALL,
            community=p.community,
            teacher=p.teacher,
            sessions_per_week=len(p.weekdays),
            session_minutes=p.minutes,
            min_size=p.min_size,
            max_size=p.max_size,
            facilities=p.facilities,
            registered=False,
            description=_("Opened from residents' wishes (接单)."),
        )
        PreferredWindow.objects.bulk_create(
            PreferredWindow(group=group, weekday=d, start=p.start, end=p.end) for d in p.weekdays
        )
        residents = list(p.residents.values_list("pk", flat=True))
        ranks = dict(
            ActivityWish.objects.filter(resident__in=residents, activity=p.activity).values_list("resident", "rank")
        )
        Interest.objects.bulk_create(
            Interest(resident_id=r, group=group, kind=InterestKind.WISHED, rank=ranks.get(r, 1)) for r in residents
        )
        Proposal.objects.filter(pk=p.pk).update(decision=Decision.ACCEPTED, decided_at=timezone.now(), group=group)
    return group


def decline(user: Any, proposal_id: int) -> None:
    with transaction.atomic():
        p = _mine(user, proposal_id)
        if p.decision != Decision.PENDING:
            raise WorkflowError(_("This proposal is already %(decision)s.") % {"decision": p.get_decision_display()})
        Proposal.objects.filter(pk=p.pk).update(decision=Decision.DECLINED, decided_at=timezone.now())


def register(user: Any, proposal_id: int) -> InterestGroup:
    """Register (报备) the group of an accepted proposal: from now on it is scheduled."""
    with transaction.atomic():
        p = _mine(user, proposal_id)
        if p.decision != Decision.ACCEPTED or p.group_id is None:
            raise WorkflowError(_("Only an accepted proposal's group can be registered."))
        if p.answer == Answer.DECLINED:
            raise WorkflowError(
                _("%(teacher)s declined this group: give it another teacher before registering it.")
                % {"teacher": p.teacher.name}
            )
        InterestGroup.objects.filter(pk=p.group_id).update(registered=True)
        return InterestGroup.objects.get(pk=p.group_id)


def answer(teacher_id: int, proposal_id: int, *, takes_it: bool) -> Proposal:
    """The teacher named by a proposal takes it on or declines, until its group is registered."""
    with transaction.atomic():
        p = Proposal.objects.select_for_update().get(pk=proposal_id, teacher_id=teacher_id)  # no outer join: PostgreSQL
        if p.decision not in (Decision.PENDING, Decision.ACCEPTED):
            raise WorkflowError(_("This proposal is no longer open."))
        if InterestGroup.objects.filter(pk=p.group_id, registered=True).exists():
            raise WorkflowError(_("This group is registered already: please tell the coordinator."))
        p.answer = Answer.ACCEPTED if takes_it else Answer.DECLINED
        p.answered_at = timezone.now()
        p.save(update_fields=["answer", "answered_at"])
    return p


def for_teacher(teacher_id: int) -> list[Proposal]:
    """Open and accepted proposals naming the teacher, newest first."""
    return list(
        Proposal.objects.filter(teacher_id=teacher_id, decision__in=(Decision.PENDING, Decision.ACCEPTED))
        .select_related("activity", "community", "venue", "teacher", "group")
        .order_by("-job__created_at", "-served")
    )
