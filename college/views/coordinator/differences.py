"""What changes between two versions of a term's timetable, before a coordinator publishes the new one."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import pgettext

from college.domain.access import may_plan, scope_of
from college.domain.reasons import unscheduled
from college.domain.versions.differences import diff
from college.models import InterestGroup, Timetable, TimetableStatus
from college.views.coordinator.access import coordinator_required, visible_communities
from college.views.coordinator.demand import gains


@coordinator_required
def diff_page(request: HttpRequest, old: int, new: int) -> HttpResponse:
    before = get_object_or_404(Timetable.objects.select_related("term"), pk=old)
    after = get_object_or_404(Timetable.objects.select_related("term"), pk=new)
    if before.term_id != after.term_id:
        raise Http404("Only versions of one term can be compared.")
    found = diff(before.pk, after.pk)
    communities = visible_communities(scope_of(request.user))
    changes = found.changes
    if communities is not None:
        mine = set(InterestGroup.objects.filter(community_id__in=communities).values_list("pk", flat=True))
        changes = tuple(c for c in changes if c.group_id in mine)
    left_out = unscheduled(after.unplaced)
    after.unplaced_names = pgettext("between the names of a list", ", ").join(u.text for u in left_out)
    newly = set(before.unplaced_keys) - set(after.unplaced_keys)
    context = {
        "nav": "coordinate",
        "term": after.term,
        "old": before,
        "new": after,
        "diff": found,
        "changes": changes,
        "gains": gains(before, after),
        "may_publish": may_plan(request.user, after.term) and after.status != TimetableStatus.PUBLISHED,
        "unscheduled": left_out,
        "now_scheduled": [n for k, n in InterestGroup.objects.filter(key__in=newly).values_list("key", "name")],
    }
    return render(request, "college/coordinator/diff.html", context)
