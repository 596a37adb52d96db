"""The public catalogue of interest groups in the published timetable, and each group's page."""

from __future__ import annotations

from collections import defaultdict

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from college.domain.calendar.dates import meetings, upcoming_changes
from college.domain.versions.catalogue import GroupCard, group_cards
from college.domain.versions.week import PARTS_OF_DAY, public_timetable, week_sessions
from college.models import Audience, Category, Community, InterestGroup
from college.models.choices import WEEKDAY_CHOICES

PART_LABELS = {"morning": _("Morning"), "afternoon": _("Afternoon"), "evening": _("Evening")}


class CatalogueFilter(forms.Form):
    """The catalogue's filters; every field is optional and an unknown value is a clear error."""

    q = forms.CharField(label=_("Search"), required=False, max_length=60)
    category = forms.ChoiceField(label=_("Category"), required=False)
    audience = forms.ChoiceField(label=_("Audience"), required=False)
    community = forms.ChoiceField(label=_("Community"), required=False)
    day = forms.TypedChoiceField(label=_("Day"), required=False, coerce=int, empty_value=None)
    part = forms.ChoiceField(label=_("Time of day"), required=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        anything = [("", _("All"))]
        self.fields["category"].choices = anything + list(Category.choices)
        self.fields["audience"].choices = anything + list(Audience.choices)
        self.fields["community"].choices = anything + list(Community.objects.values_list("key", "name"))
        self.fields["day"].choices = anything + [(str(d), label) for d, label in WEEKDAY_CHOICES]
        self.fields["part"].choices = anything + [(p, PART_LABELS[p]) for p in PARTS_OF_DAY]


def catalogue(request: HttpRequest) -> HttpResponse:
    timetable = public_timetable()
    form = CatalogueFilter(request.GET or None)
    sessions = week_sessions(timetable) if timetable else []
    cards = group_cards(sessions)
    valid = form.is_valid() if request.GET else True
    wanted = form.cleaned_data if request.GET and valid else {}
    shown = [c for c in cards if c.matches(wanted)]
    by_category: dict[str, list[GroupCard]] = defaultdict(list)
    for card in shown:
        by_category[card.group.category].append(card)
    context = {
        "nav": "catalogue",
        "timetable": timetable,
        "term": timetable.term if timetable else None,
        "form": form,
        "filtered": bool(wanted and any(v not in (None, "") for v in wanted.values())),
        "total": len(cards),
        "shown": shown,
        "sections": [(value, label, by_category[value]) for value, label in Category.choices if by_category[value]],
        "communities": Community.objects.filter(interest_groups__sessions__timetable=timetable).distinct(),
        # A community's poster QR code lands here: its calendar is offered beside its groups.
        "community": Community.objects.filter(key=wanted["community"]).first() if wanted.get("community") else None,
    }
    return render(request, "college/public/catalogue.html", context, status=200 if valid else 400)


def group_page(request: HttpRequest, key: str) -> HttpResponse:
    group = get_object_or_404(InterestGroup.objects.select_related("community", "teacher"), key=key)
    timetable = public_timetable()
    sessions = week_sessions(timetable) if timetable else []
    sessions = [s for s in sessions if s.group_id == group.pk]
    if not sessions and not group.registered:
        raise Http404("This group is not public.")
    context = {
        "nav": "catalogue",
        "group": group,
        "timetable": timetable,
        "term": timetable.term if timetable else None,
        "sessions": sessions,
        "changes": upcoming_changes(meetings(sessions), timezone.localdate()),
    }
    return render(request, "college/public/group.html", context)
