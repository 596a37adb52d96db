"""The engine's reasons (``scheduler.Reason``: a code, ids by kind, numbers) in the user's language, linked by id.

``render(reasons)`` looks every named entity up by its key (one query per kind), fills the gettext message of
the reason's code and returns ``Finding``s whose HTML links each name to its admin page. Nothing here reads
a sentence back: the names come from the ids.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.db import models
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import pgettext

from college.domain.explanations import Finding, Link, admin_url
from college.models import ApartSet, Cohort, Community, Facility, InterestGroup, Teacher, Venue
from college.models.choices import WEEKDAY_CHOICES
from college.models.fields import format_minutes
from scheduler import Reason
from scheduler.explain import CORE, NO_CAUSE
from scheduler.model.rules import (
    apart,
    cohort_clash,
    different_days,
    pinned,
    placement,
    teacher_availability,
    teacher_conflict,
    teacher_load,
    venue_conflict,
)
from scheduler.reason import APART, COHORT, COMMUNITY, FACILITY, GROUP, TEACHER, VENUE

NOT_FOUND = "district.not_found"  # scheduler.district.solve's code: no timetable for these communities in time
SHOWN = 6  # names listed before "and N more"

_MODELS: dict[str, type[models.Model]] = {
    GROUP: InterestGroup,
    TEACHER: Teacher,
    VENUE: Venue,
    COMMUNITY: Community,
    COHORT: Cohort,
    APART: ApartSet,
}


class Names:
    """The entities a batch of reasons names, looked up by key: one query per kind."""

    def __init__(self, reasons: Iterable[Reason]) -> None:
        wanted: dict[str, set[str]] = {}
        for reason in reasons:
            for kind in _MODELS:
                wanted.setdefault(kind, set()).update(reason.named(kind))
        self.rows: dict[str, dict[str, models.Model]] = {
            kind: {obj.key: obj for obj in _MODELS[kind].objects.filter(key__in=keys)}
            for kind, keys in wanted.items()
            if keys
        }

    def label(self, kind: str, key: str) -> str:
        if kind == FACILITY:
            return str(dict(Facility.choices).get(key, key))
        obj = self.rows.get(kind, {}).get(key)
        return key if obj is None else str(getattr(obj, "name", None) or obj)

    def link(self, kind: str, key: str) -> Link | None:
        obj = self.rows.get(kind, {}).get(key)
        return None if obj is None else Link(self.label(kind, key), admin_url(obj))


class _Text:
    """One reason's words being filled: every name goes in both as text and as a link, and is remembered."""

    def __init__(self, names: Names) -> None:
        self.names = names
        self.links: list[Link] = []

    def one(self, kind: str, key: str) -> tuple[str, SafeString]:
        link = self.names.link(kind, key)
        label = self.names.label(kind, key)
        if link is None:
            return label, escape(label)
        if link not in self.links:
            self.links.append(link)
        return label, format_html('<a href="{}">{}</a>', link.url, label)

    def many(self, kind: str, keys: Sequence[str]) -> tuple[str, SafeString]:
        shown = [self.one(kind, key) for key in keys[:SHOWN]]
        sep = pgettext("between the names of a list", ", ")
        text, html = sep.join(t for t, _h in shown), mark_safe(escape(sep).join(h for _t, h in shown))  # noqa: S308
        if len(keys) > SHOWN:
            more = _("%(names)s and %(count)d more")
            return more % {"names": text, "count": len(keys) - SHOWN}, mark_safe(  # noqa: S308 - escaped pieces
                escape(more) % {"names": html, "count": len(keys) - SHOWN}
            )
        return text, html


@dataclass(frozen=True)
class _Words:
    """A message and how to fill it: ``names`` maps a placeholder to (kind, one or many); ``extra`` adds
    computed placeholders (a need, a pinned time)."""

    message: object  # a lazy gettext string with %(placeholder)s
    names: Mapping[str, tuple[str, bool]]
    extra: Callable[[Reason, _Text], dict[str, tuple[str, SafeString]]] | None = None


def _need(reason: Reason, t: _Text) -> dict[str, tuple[str, SafeString]]:
    parts = [_("at least %(seats)d seats") % {"seats": reason.numbers.get("seats", 0)}]
    if reason.numbers.get("step_free"):
        parts.append(_("step-free access"))
    parts += [t.names.label(FACILITY, f) for f in reason.of(FACILITY)]
    text = pgettext("between the names of a list", ", ").join(parts)
    return {"need": (text, escape(text))}


def _when(reason: Reason, t: _Text) -> dict[str, tuple[str, SafeString]]:
    day = str(WEEKDAY_CHOICES[reason.numbers.get("weekday", 0)][1])
    text = f"{day} {format_minutes(reason.numbers.get('start', 0))}"
    return {"when": (text, escape(text))}


_PIN = {"group": (GROUP, False), "teacher": (TEACHER, False), "venue": (VENUE, False)}
_WORDS: dict[str, _Words] = {
    placement.NO_VENUE: _Words(
        _lazy("%(group)s needs a venue in %(where)s with %(need)s: none has all of that."),
        {"group": (GROUP, False), "where": (COMMUNITY, True)},
        _need,
    ),
    placement.NO_VENUE + ":venues": _Words(
        _lazy("%(group)s may meet only in %(venues)s, and none of them has %(need)s."),
        {"group": (GROUP, False), "venues": (VENUE, True)},
        _need,
    ),
    placement.NO_SLOT: _Words(
        _lazy(
            "No venue that suits %(group)s is open while its teacher %(teacher)s is available: "
            "widen the teacher's availability or the venues' opening hours."
        ),
        {"group": (GROUP, False), "teacher": (TEACHER, False)},
    ),
    teacher_availability.NEVER_FREE: _Words(
        _lazy(
            "Teacher %(teacher)s is not available for a whole %(minutes)d-minute session of %(group)s "
            "at any start time of the term."
        ),
        {"group": (GROUP, False), "teacher": (TEACHER, False)},
    ),
    different_days.TOO_FEW_DAYS: _Words(
        _lazy(
            "%(group)s meets %(sessions)d times a week on different days, but its teacher %(teacher)s "
            "and a suitable venue are free together on just %(days)d of the seven weekdays."
        ),
        {"group": (GROUP, False), "teacher": (TEACHER, False)},
    ),
    pinned.TEACHER_AWAY: _Words(
        _lazy("%(group)s is pinned to %(when)s, but its teacher %(teacher)s is not available then."), _PIN, _when
    ),
    pinned.CLOSED: _Words(_lazy("%(group)s is pinned to %(when)s, but no venue it may use is open then."), _PIN, _when),
    pinned.UNSUITABLE: _Words(
        _lazy("%(group)s is pinned to %(when)s in %(venue)s, which does not suit it or is closed then."), _PIN, _when
    ),
    teacher_load.OVER_MAX: _Words(
        _lazy(
            "Teacher %(teacher)s must teach %(need)d sessions a week (%(groups)s) but may teach at most %(max)d: "
            "raise the maximum or give a group another teacher."
        ),
        {"teacher": (TEACHER, False), "groups": (GROUP, True)},
    ),
    teacher_conflict.TOO_FEW_SLOTS: _Words(
        _lazy(
            "Teacher %(teacher)s must teach %(need)d sessions a week (%(groups)s) but is free in only %(slots)d "
            "slots where a suitable venue is open: add availability or give a group another teacher."
        ),
        {"teacher": (TEACHER, False), "groups": (GROUP, True)},
    ),
    apart.TEACHER_DAYS: _Words(
        _lazy(
            "Teacher %(teacher)s must teach %(sessions)d sessions of %(groups)s, at most %(per_day)d a day, which "
            "need %(need)d different days, but is available on only %(days)d days."
        ),
        {"teacher": (TEACHER, False), "groups": (GROUP, True)},
    ),
    cohort_clash.TOO_FEW_SLOTS: _Words(
        _lazy(
            "The groups of %(cohort)s (%(groups)s) need %(need)d sessions at different times, "
            "but can meet in only %(slots)d slots."
        ),
        {"cohort": (COHORT, False), "groups": (GROUP, True)},
    ),
    venue_conflict.SHORTAGE: _Words(
        _lazy(
            "%(groups)s need %(need)d sessions in %(venues)s, but those venues have only %(slots)d open slots "
            "when the teachers are free."
        ),
        {"groups": (GROUP, True), "venues": (VENUE, True)},
    ),
    NO_CAUSE: _Words(
        _lazy(
            "No timetable was found in the time allowed, and no single cause was isolated: try fewer pinned "
            "sessions, more teacher availability or more venue opening hours."
        ),
        {},
    ),
    NOT_FOUND: _Words(
        _lazy("No timetable was found for %(communities)s in the time allowed."), {"communities": (COMMUNITY, True)}
    ),
    CORE: _Words(_lazy("These cannot all hold at once: %(parts)s."), {}),
    # The parts of a core: one hard rule each, as the rule module names it.
    "placement": _Words(_lazy("%(group)s meets %(sessions)d time(s) a week"), {"group": (GROUP, False)}),
    "different_days": _Words(_lazy("the sessions of %(group)s fall on different days"), {"group": (GROUP, False)}),
    "pinned": _Words(_lazy("%(group)s keeps its pinned sessions"), {"group": (GROUP, False)}),
    "teacher_conflict": _Words(_lazy("teacher %(teacher)s is in one place at a time"), {"teacher": (TEACHER, False)}),
    "teacher_load": _Words(
        _lazy("teacher %(teacher)s teaches at most %(max)d sessions a week"), {"teacher": (TEACHER, False)}
    ),
    "travel": _Words(
        _lazy("teacher %(teacher)s has time to travel between communities"), {"teacher": (TEACHER, False)}
    ),
    "cohort_clash": _Words(_lazy("the groups of %(cohort)s never overlap"), {"cohort": (COHORT, False)}),
    "cohort_gaps": _Words(
        _lazy("%(cohort)s has at most %(max_gaps)d idle slot(s) a week"), {"cohort": (COHORT, False)}
    ),
    "day_cap": _Words(_lazy("%(groups)s meet at most %(per_day)d time(s) a day"), {"groups": (GROUP, True)}),
    "apart": _Words(_lazy("%(groups)s meet at least %(days)d day(s) apart"), {"groups": (GROUP, True)}),
    "same_start": _Words(_lazy("%(groups)s start at the same times"), {"groups": (GROUP, True)}),
    "venue_conflict": _Words(_lazy("venue %(venue)s hosts one session at a time"), {"venue": (VENUE, False)}),
}


def render(reasons: Iterable[Reason]) -> list[Finding]:
    """Each reason as a sentence in the active language, its entities linked by id."""
    reasons = list(reasons)
    names = Names(reasons)
    return [render_one(reason, names) for reason in reasons]


def render_one(reason: Reason, names: Names) -> Finding:
    t = _Text(names)
    text, html = _fill(reason, t)
    return Finding(text, tuple(t.links), html)


def _fill(reason: Reason, t: _Text) -> tuple[str, SafeString]:
    code = reason.code
    if code == placement.NO_VENUE and reason.of(VENUE):
        code += ":venues"
    words = _WORDS.get(code)
    if words is None:  # a code this college does not know yet: say so rather than nothing
        text = _("The solver gave reason “%(code)s”.") % {"code": reason.code}
        return text, escape(text)
    values: dict[str, tuple[str, SafeString] | int] = dict(reason.numbers)
    for placeholder, (kind, many) in words.names.items():
        keys = reason.of(kind)
        values[placeholder] = t.many(kind, keys) if many else t.one(kind, keys[0]) if keys else ("", escape(""))
    if words.extra is not None:
        values.update(words.extra(reason, t))
    if code == CORE:
        filled = [_fill(part, t) for part in reason.parts]
        sep = pgettext("between the parts of a sentence", "; ")
        parts = sep.join(x for x, _h in filled), mark_safe(escape(sep).join(h for _x, h in filled))  # noqa: S308
        values["parts"] = parts
    message = str(words.message)
    text = message % {k: v[0] if isinstance(v, tuple) else v for k, v in values.items()}
    html = escape(message) % {k: v[1] if isinstance(v, tuple) else v for k, v in values.items()}
    return text, mark_safe(html)  # noqa: S308 - the message was escaped, every name escaped or made by format_html


def findings(stored: Iterable[object]) -> list[Finding]:
    """Stored reasons (``Reason.as_json``) rendered now, in the active language; sentences stored before reasons
    were data (``{"text", "links"}``) come back as they were."""
    reasons, out = [], []
    for item in stored:
        if isinstance(item, dict) and "code" in item:
            reasons.append(Reason.from_json(item))
            out.append(None)
        elif isinstance(item, dict) and "text" in item:
            out.append(Finding.from_json(item))
    rendered = iter(render(reasons))
    return [f if f is not None else next(rendered) for f in out]


def described(stored: Iterable[object]) -> list[dict[str, object]]:
    """Stored reasons for the API: the sentence and links in the active language, with the code, ids and
    numbers they were made from (empty for sentences stored before reasons were data)."""
    items = [item for item in stored if isinstance(item, dict) and ("code" in item or "text" in item)]
    out = []
    for item, finding in zip(items, findings(items), strict=True):
        reason = Reason.from_json(item) if "code" in item else None
        data = finding.as_json()
        if reason is not None:
            data |= {"code": reason.code, "ids": {k: list(v) for k, v in reason.ids.items()}}
            data |= {"numbers": dict(reason.numbers), "parts": [p.as_json() for p in reason.parts]}
        out.append(data)
    return out


@dataclass(frozen=True)
class Unscheduled:
    """Groups a version leaves out (names linked) and why (``Timetable.unplaced``, rendered now)."""

    text: str  # the groups' names
    html: str
    reason: Finding
    keys: tuple[str, ...]
    named: bool  # the reason's sentence names these groups itself (no need to list them before it)


def unscheduled(stored: Iterable[object]) -> list[Unscheduled]:
    """A version's left-out groups with their reasons in the active language, one entry per reason."""
    items = [
        (tuple(str(k) for k in item.get("groups", ())), Reason.from_json(item["reason"]))
        for item in stored
        if isinstance(item, dict) and isinstance(item.get("reason"), dict)
    ]
    names = Names([Reason("left_out", {GROUP: keys}) for keys, _r in items] + [r for _k, r in items])
    out = []
    for keys, reason in items:
        text, html = _Text(names).many(GROUP, keys)
        said = reason.code != CORE and reason.of(GROUP) == keys
        out.append(Unscheduled(text, str(html), render_one(reason, names), keys, said))
    return out
