"""Demand met and unmet, for the coordinator: a version's figures (stored with it), the heatmap, the diff's gains.

The figures are ``college.domain.demand.figures``'; this module only arranges them for the templates. Residents'
names (the unmet activities) are shown only for the communities the coordinator may change.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.dates import WEEKDAYS, WEEKDAYS_ABBR
from django.utils.translation import gettext as _

from college.domain.access import scope_of
from college.domain.demand.figures import HEATMAP_AUDIENCES, HOURS, figure_totals, figures_of, stored_gains_figures
from college.models import Audience, Category, Community, Timetable, TimetableStatus
from college.models.fields import format_minutes
from college.views.coordinator.access import coordinator_required
from college.views.coordinator.week import _context, _timetable

CELL, LEFT, TOP = 34, 56, 24  # the heatmap's cell size and margins (SVG units)


@dataclass(frozen=True)
class Line:
    label: str
    total: int
    attendable: int
    key: str = ""  # a community's: its line links to its groups

    @property
    def share(self) -> float:
        return self.attendable / self.total if self.total else 0.0

    @property
    def percent(self) -> str:
        return f"{self.share:.0%}"


def summary(timetable: Timetable, published: Timetable | None) -> list[Line]:
    """This version, the published one (when another), and the greedy first-fit baseline."""
    mine = figure_totals(timetable)
    if mine is None:
        return []
    lines = [Line(_("This version (%(version)s)") % {"version": timetable.version}, mine["total"], mine["attendable"])]
    if published is not None and published.pk != timetable.pk:
        shown = figure_totals(published)
        if shown is not None:
            label = _("Published version (%(version)s)") % {"version": published.version}
            lines.append(Line(label, shown["total"], shown["attendable"]))
    greedy = mine["greedy"]
    lines.append(Line(_("Greedy first-fit baseline"), greedy["total"], greedy["attendable"]))
    return lines


GROUPS_AT_ONCE = 120  # group rows on the page; beyond, only the picked community's (the totals stay per community)


def _group_rows(figures: dict[str, Any], community: str | None) -> list[dict[str, Any]]:
    """Every group's line, or only ``community``'s."""
    names = {key: row["name"] for key, row in figures["groups"].items()}
    rows = []
    for key, row in figures["groups"].items():
        if community is not None and row["community"] != community:
            continue
        clashes = sorted(row["clash"].items(), key=lambda item: -item[1])
        unmet = row["wishes"] - row["attendable"]
        rows.append({
            "key": key, "name": row["name"], "wishes": row["wishes"], "attendable": row["attendable"], "unmet": unmet,
            "outside": row["outside_free_time"], "not_scheduled": row["not_scheduled"],
            "clashes": [(names.get(other, other), n) for other, n in clashes],
            "over_seats": max(0, row["attendable"] - row["seats"]), "seats": row["seats"],
        })  # fmt: skip
    return sorted(rows, key=lambda r: (-r["unmet"], r["name"]))


def heatmap(figures: dict[str, Any], community: str, audience: str) -> dict[str, Any]:
    """SVG cells of one community and audience: shade = residents free, number = sessions then."""
    grids = figures["heatmap"].get(community, {}).get(audience)
    if grids is None:
        return {}
    most = max((n for row in grids["free"] for n in row), default=0) or 1
    cells = [
        {"x": LEFT + i * CELL, "y": TOP + day * CELL, "free": free, "sessions": grids["sessions"][day][i],
         "opacity": round(0.08 + 0.85 * free / most, 2) if free else 0}
        for day in range(7) for i, free in enumerate(grids["free"][day])
    ]  # fmt: skip
    return {
        "cells": cells,
        "cell": CELL,
        "width": LEFT + CELL * len(HOURS),
        "height": TOP + CELL * 7 + 8,
        "hours": [{"x": LEFT + i * CELL + CELL // 2, "label": f"{h}"} for i, h in enumerate(HOURS)],
        "days": [{"y": TOP + d * CELL + CELL // 2 + 5, "label": WEEKDAYS_ABBR[d]} for d in range(7)],
        "most": most,
    }


def demand_context(request: HttpRequest, timetable: Timetable) -> dict[str, Any]:
    published = Timetable.objects.filter(term_id=timetable.term_id, status=TimetableStatus.PUBLISHED).first()
    figures = figures_of(timetable)
    if figures is None:
        return {"figures": None}
    communities = {c.key: c for c in Community.objects.order_by("pk")}
    scope = scope_of(request.user)
    categories = dict(Category.choices)
    community = request.GET.get("community") or next(iter(communities), "")
    audience = request.GET.get("audience") or "all"
    audiences = {"all": _("Everyone"), **{a: label for a, label in Audience.choices if a in HEATMAP_AUDIENCES}}
    narrowed = len(figures["groups"]) > GROUPS_AT_ONCE
    return {
        "figures": figures,
        "summary": summary(timetable, published),
        "by_community": [
            Line(communities[key].name if key in communities else key, *values, key=key if narrowed else "")
            for key, values in figures["communities"].items()
        ],
        "by_category": [Line(str(categories.get(key, key)), *values) for key, values in figures["categories"].items()],
        "group_rows": _group_rows(figures, community if narrowed else None),
        "groups_of": communities[community].name if narrowed and community in communities else "",
        **_unmet(figures, communities, scope, community),
        "heatmap": heatmap(figures, community, audience),
        "heat_community": community,
        "heat_audience": audience,
        "heat_communities": [(c.key, c.name) for c in communities.values()],
        "heat_audiences": list(audiences.items()),
    }


NAMED_AT_MOST = 400  # residents named on the page; beyond, only those of the community picked for the heatmap
NAMED_A_ROW = 12  # residents named for one activity; the rest are counted


def _unmet(figures: dict[str, Any], communities: dict[str, Community], scope: Any, picked: str) -> dict[str, Any]:
    """Unmet activity demand of the coordinator's communities: asked for by several, and by one resident each; only
    the picked community's when naming every resident would make the page too long to read."""
    mine = [
        row
        for row in figures["unmet_activities"]
        if row["community"] in communities and scope.may_change(communities[row["community"]].pk)
    ]
    narrowed = sum(len(row["residents"]) for row in mine) > NAMED_AT_MOST
    if narrowed:
        mine = [row for row in mine if row["community"] == picked]
    rows = [
        {
            **row,
            "community_name": communities[row["community"]].name,
            "count": len(row["residents"]),
            "residents": _who(row["residents"][:NAMED_A_ROW]),
            "unnamed": max(0, len(row["residents"]) - NAMED_A_ROW),
        }
        for row in mine
    ]
    return {
        "unmet_activities": [row for row in rows if row["count"] > 1],
        "unmet_singles": [row for row in rows if row["count"] == 1],
        "unmet_of": communities[picked].name if narrowed and picked in communities else "",
    }


def _who(residents: list[list[Any]]) -> list[tuple[str, str]]:
    """(name, free time as the coordinator reads it) of each resident."""
    return [
        (name, "、".join(f"{WEEKDAYS[d]} {format_minutes(s)}–{format_minutes(e)}" for d, s, e in free))
        for name, free in residents
    ]


@coordinator_required
def demand(request: HttpRequest, pk: int) -> HttpResponse:
    timetable = _timetable(pk)
    context = _context(request, timetable, "demand", **demand_context(request, timetable))
    return render(request, "college/coordinator/demand.html", context)


def gains(old: Timetable, new: Timetable) -> dict[str, Any] | None:
    """How many wishes ``new`` makes attendable beyond ``old``, in total and per group (changed groups only), from
    the figures stored with both (never counted here: a district's count reads every resident); None without."""
    before, after = stored_gains_figures(old.pk), stored_gains_figures(new.pk)
    if before is None or after is None:
        return None
    rows = []
    for key in sorted(set(before["groups"]) | set(after["groups"])):
        was = before["groups"].get(key, {}).get("attendable", 0)
        now = after["groups"].get(key, {}).get("attendable", 0)
        if was != now:
            name = (after["groups"].get(key) or before["groups"][key])["name"]
            rows.append({"name": name, "before": was, "after": now, "change": now - was})
    rows.sort(key=lambda r: (r["change"], r["name"]))
    return {
        "before": Line(str(old.version), before["total"], before["attendable"]),
        "after": Line(str(new.version), after["total"], after["attendable"]),
        "gained": max(0, after["attendable"] - before["attendable"]),
        "lost": max(0, before["attendable"] - after["attendable"]),
        "rows": rows,
    }
