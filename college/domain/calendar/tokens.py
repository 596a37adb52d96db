"""Private feed links of teachers and residents: issue a new one, and the old one stops working at once."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from college.domain.calendar.addresses import FeedLinks, feed_links
from college.domain.calendar.kinds import FeedKind
from college.domain.calendar.private import forget_private_feed
from college.models import Resident, Teacher


def rotate_feed_token(kind: str, owner_id: int) -> str:
    """Give the teacher or resident ``owner_id`` a new private token and return it (it is stored only hashed)."""
    model = {FeedKind.TEACHER.value: Teacher, FeedKind.RESIDENT.value: Resident}.get(kind)
    if model is None:
        raise ValidationError({"kind": _("Only teachers and residents have private calendar links, not “%(kind)s”.")
                               % {"kind": kind}})  # fmt: skip
    with transaction.atomic():
        owner = model.objects.select_for_update().filter(pk=owner_id).first()
        if owner is None:
            raise ValidationError(
                {"owner": ValidationError(_("There is no %(kind)s %(id)s.") % {"kind": kind, "id": owner_id},
                                          code="not_found")}
            )  # fmt: skip
        replaced = owner.feed_token_hash
        token = owner.rotate_feed_token()
        forget_private_feed(replaced)  # the old link answers 404 from now on: its stored feed is dead weight
    return token


def rotate_feed_links(kind: str, owner_id: int) -> FeedLinks:
    """``rotate_feed_token``, returning the new links to show once."""
    return feed_links(kind, rotate_feed_token(kind, owner_id))
