"""One sentence per proposal, in the user's language, from the figures the engine returned (reasons are data)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import pgettext, pgettext_lazy

from college.models import Category, Proposal
from college.models.fields import format_minutes

SHORT_WEEKDAYS = (
    pgettext_lazy("short weekday", "Mon"),
    pgettext_lazy("short weekday", "Tue"),
    pgettext_lazy("short weekday", "Wed"),
    pgettext_lazy("short weekday", "Thu"),
    pgettext_lazy("short weekday", "Fri"),
    pgettext_lazy("short weekday", "Sat"),
    pgettext_lazy("short weekday", "Sun"),
)


def days(weekdays: list[int]) -> str:
    """[1, 3] → '周二和周四' / 'Tue and Thu'; [0, 2, 4] → '周一、周三和周五' / 'Mon, Wed and Fri'."""
    names = [str(SHORT_WEEKDAYS[d]) for d in weekdays]
    if len(names) == 1:
        return names[0]
    return pgettext("list of weekdays", "%(first)s and %(last)s") % {
        "first": pgettext("list of weekdays", ", ").join(names[:-1]),
        "last": names[-1],
    }


def when(p: Proposal) -> str:
    """'周二和周四 08:00–09:30'."""
    return f"{days(p.weekdays)} {format_minutes(p.start)}–{format_minutes(p.end)}"


def reason(p: Proposal) -> str:
    """E.g. '广场舞 · 万寿社区，周二和周四 08:00，万寿文明实践站：36 位居民希望参加且有空；
    李红（体育）每周还可上 2 节'."""
    return _(
        "%(activity)s in %(community)s, %(days)s %(time)s at %(venue)s: %(wished)d residents wish for it and are "
        "free then; %(teacher)s (%(skill)s) has %(left)d sessions a week left"
    ) % {
        "activity": p.activity.name,
        "community": p.community.name,
        "days": days(p.weekdays),
        "time": format_minutes(p.start),
        "venue": p.venue.name,
        "wished": p.wished,
        "teacher": p.teacher.name,
        "skill": dict(Category.choices).get(p.activity.category, p.activity.category),
        "left": p.sessions_left,
    }
