"""The public catalogue of interest groups in the published timetable, and each group's page."""

from __future__ import annotations

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from college.domain.calendar.dates import meetings, upcoming_changes
from college.domain.versions.catalogue import GroupCard, catalogue_groups, catalogue_page
from college.domain.versions.week import PARTS_OF_DAY, WeekFilter, public_timetable, week_sessions
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


HOME_COOKIE = "kebiao_community"  # the community a visitor last chose: its groups come first
HOME_COOKIE_AGE = 365 * 24 * 3600


def catalogue(request: HttpRequest) -> HttpResponse:
    timetable = public_timetable()
    form = CatalogueFilter(request.GET or None)
    valid = form.is_valid() if request.GET else True
    wanted = form.cleaned_data if request.GET and valid else {}
    chosen = Community.objects.filter(key=wanted["community"]).first() if wanted.get("community") else None
    home = chosen or Community.objects.filter(key=request.COOKIES.get(HOME_COOKIE, "")).first()
    context: dict[str, object] = {"nav": "catalogue", "timetable": timetable, "form": form, "term": None}
    if timetable is not None:
        groups = catalogue_groups(timetable, wanted, home.pk if home else None)
        page, cards = catalogue_page(timetable, groups, request.GET.get("page"))
        context |= {
            "term": timetable.term,
            "filtered": bool(wanted and any(v not in (None, "") for v in wanted.values())),
            "total": catalogue_groups(timetable, {}).count(),
            "shown_count": page.paginator.count,
            "page": page,
            "page_query": _without_page(request),
            "sections": _sections(cards, home),
            "communities": Community.objects.filter(interest_groups__sessions__timetable=timetable).distinct(),
            # A community's poster QR code lands here: its calendar is offered beside its groups.
            "community": chosen,
        }
    response = render(request, "college/public/catalogue.html", context, status=200 if valid else 400)
    if chosen is not None:
        response.set_cookie(HOME_COOKIE, chosen.key, max_age=HOME_COOKIE_AGE, samesite="Lax")
    return response


def _without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _sections(cards: list[GroupCard], home: Community | None) -> list[tuple[str, str, list[GroupCard]]]:
    """Runs of cards of one category (the home community's runs first, named with it), in page order."""
    labels = dict(Category.choices)
    sections: list[tuple[str, str, list[GroupCard]]] = []
    for card in cards:
        g = card.group
        mine = home is not None and g.community_id == home.pk
        label = f"{labels.get(g.category, g.category)} · {home.name}" if mine and home else str(labels.get(g.category))
        if not sections or sections[-1][1] != label:
            sections.append((g.category, label, []))
        sections[-1][2].append(card)
    return sections


def group_page(request: HttpRequest, key: str) -> HttpResponse:
    group = get_object_or_404(InterestGroup.objects.select_related("community", "teacher"), key=key)
    timetable = public_timetable()
    sessions = week_sessions(timetable, WeekFilter(group=group.pk)) if timetable else []
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
