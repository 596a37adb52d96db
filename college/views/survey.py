"""The 点单 survey page (phone first): free time on a tap grid, wishes ranked 1–5, age band and community.

``/survey/`` for a new resident, ``/my/<token>/survey/`` through a private link, ``/coordinate/survey/`` for a
coordinator typing in a paper survey. The writing and its checks are ``college.domain.demand.survey``'s.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from college.domain.access import scope_of
from college.domain.demand import survey
from college.domain.people.self_service import MAX_INTERESTS, TooManyChanges
from college.domain.versions.week import public_timetable
from college.models import AgeBand, Category, Community, InterestGroup, Resident
from college.models.fields import format_minutes
from college.views.coordinator.access import coordinator_required
from college.views.personal import PICK_LIST_LIMIT, client_address, focus_community
from college.views.private import private_response

NOT_GIVEN = "none"  # the radio value of 不填
PART_LABELS = {
    "morning": gettext_lazy("Morning"),
    "afternoon": gettext_lazy("Afternoon"),
    "evening": gettext_lazy("Evening"),
}


def _wish_choices(groups: list[InterestGroup], times: dict[int, list[tuple[int, int, int]]]) -> list[tuple[str, Any]]:
    choices = [(f"group:{g.pk}", " · ".join([g.name, g.community.name, *(_when(t) for t in times.get(g.pk, []))]))
               for g in groups]  # fmt: skip
    activities = [(f"activity:{a.pk}", a.name) for a in survey.activities_nobody_offers()]
    return [
        ("", _("— choose —")),
        (_("Interest groups"), choices),
        (_("Activities nobody offers yet"), activities),
    ]


def _when(time: tuple[int, int, int]) -> str:
    return f"{WEEKDAYS[time[0]]} {format_minutes(time[1])}"


class SurveyForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("What may we call you? (optional)"), required=False, max_length=60)
    community = forms.ChoiceField(label=gettext_lazy("I live in"), widget=forms.RadioSelect)
    reach = forms.MultipleChoiceField(
        label=gettext_lazy("I can also go to"), required=False, widget=forms.CheckboxSelectMultiple
    )
    age_band = forms.ChoiceField(label=gettext_lazy("Age band"), widget=forms.RadioSelect)
    free = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, focus: Community | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        communities = [(str(c.pk), c.name) for c in Community.objects.order_by("pk")]
        not_given = (NOT_GIVEN, _("Prefer not to say"))
        self.fields["community"].choices = [*communities, not_given]
        self.fields["community"].error_messages["required"] = _("Choose your community, or “Prefer not to say”.")
        self.fields["reach"].choices = communities
        self.fields["age_band"].choices = [*AgeBand.choices, not_given]
        self.fields["age_band"].error_messages["required"] = _("Choose your age band, or “Prefer not to say”.")
        self.fields["free"].choices = [(f"{d}-{p}", f"{d}-{p}") for d in range(7) for p in survey.PARTS]
        self.fields["free"].error_messages["invalid_choice"] = _("Tap the times you are free in the grid.")
        self.fields["reach"].error_messages["invalid_choice"] = _("Choose communities from the list.")
        self.fields["community"].error_messages["invalid_choice"] = _("Choose the community you live in.")
        self.fields["age_band"].error_messages["invalid_choice"] = _("Choose your age band.")
        self.timetable = public_timetable()
        self.times = survey.group_times(self.timetable)
        groups = survey.wishable_groups()
        self.focus, self.narrowed = focus, len(groups) > PICK_LIST_LIMIT
        if focus is not None and not self.initial.get("community"):
            self.initial["community"] = str(focus.pk)  # the community she picked to see its groups is hers
        kept = {
            str(v)
            for n in range(1, MAX_INTERESTS + 1)
            for v in (self.initial.get(f"wish_{n}"), self.data.get(f"wish_{n}"))
            if v
        }
        self.shown_groups = [
            g for g in groups
            if not self.narrowed or f"group:{g.pk}" in kept or (focus is not None and g.community_id == focus.pk)
        ]  # fmt: skip
        every, shown = _wish_choices(groups, self.times), _wish_choices(self.shown_groups, self.times)
        for n in range(1, MAX_INTERESTS + 1):
            self.fields[f"wish_{n}"] = forms.ChoiceField(
                label=_("Wish %(n)d") % {"n": n},
                choices=every,
                required=False,
                error_messages={"invalid_choice": _("One of the wishes is not in the list any more: choose again.")},
            )
            self.fields[f"wish_{n}"].widget.choices = shown  # a long list: one community's groups and the chosen

    def wish_fields(self) -> list[forms.BoundField]:
        return [self[f"wish_{n}"] for n in range(1, MAX_INTERESTS + 1)]

    def answers(self) -> survey.Answers:
        data = self.cleaned_data
        community = data["community"]
        return survey.Answers(
            community=None if community == NOT_GIVEN else int(community),
            age_band=survey.NOT_GIVEN if data["age_band"] == NOT_GIVEN else data["age_band"],
            free=tuple((int(cell[0]), cell[2:]) for cell in data["free"]),
            wishes=tuple(data[f"wish_{n}"] for n in range(1, MAX_INTERESTS + 1) if data[f"wish_{n}"]),
            reach=tuple(int(c) for c in data["reach"]),
            name=data["name"],
        )


def _initial(resident: Resident) -> dict[str, Any]:
    initial = survey.current_answers(resident)
    initial["age_band"] = initial["age_band"] or NOT_GIVEN
    return initial


def _context(form: SurveyForm, **extra: Any) -> dict[str, Any]:
    ticked = set(form["free"].value() or [])
    grid = [
        (WEEKDAYS[d], [(f"{d}-{p}", f"{WEEKDAYS[d]} {PART_LABELS[p]}", f"{d}-{p}" in ticked) for p in survey.PARTS])
        for d in range(7)
    ]
    groups = {f"group:{g.pk}": {"name": g.name, "times": form.times.get(g.pk, [])} for g in form.shown_groups}
    return {
        "nav": "survey",
        "form": form,
        "grid": grid,
        "parts": [(p, PART_LABELS[p], survey.PARTS[p]) for p in survey.PARTS],
        "timetable": form.timetable,
        "narrowed": form.narrowed,
        "focus": form.focus,
        "pick_communities": Community.objects.order_by("pk") if form.narrowed else (),
        "survey_data": {"groups": groups, "parts": survey.PARTS, "days": [str(d) for d in WEEKDAYS.values()]},
        "categories": list(Category.choices),
        "max_wishes": MAX_INTERESTS,
        **extra,
    }


def _refuse(form: SurveyForm, error: ValidationError) -> None:
    for name, problems in error.message_dict.items():
        form.add_error(name if name in form.fields else None, problems)


def _page(request: HttpRequest, form: SurveyForm, status: int | None = None, **extra: Any) -> HttpResponse:
    status = status or (400 if form.errors else 200)
    return render(request, "college/public/survey.html", _context(form, **extra), status=status)


def _submit(form: SurveyForm, write: Callable[[survey.Answers], str]) -> tuple[str | None, int | None]:
    """Write a valid form through ``write`` (which returns the private link's token): (token, None) when saved,
    else (None, status) with the refusal added to the form."""
    try:
        return write(form.answers()), None
    except ValidationError as error:
        _refuse(form, error)
        return None, 400
    except TooManyChanges as refusal:
        form.add_error(None, refusal.message)
        return None, 429


@never_cache
@require_http_methods(["GET", "POST"])
def new(request: HttpRequest) -> HttpResponse:
    form = SurveyForm(request.POST or None, focus=focus_community(request))
    status = None
    if request.method == "POST" and form.is_valid():
        token, status = _submit(form, lambda answers: survey.start_survey(answers, client=client_address(request))[1])
        if token:
            messages.success(request, _("Thank you: your wishes are recorded. Bookmark this page to change them."))
            return private_response(redirect("pages:personal", token=token))
    return _page(request, form, status)


@never_cache
@require_http_methods(["GET", "POST"])
def mine(request: HttpRequest, token: str) -> HttpResponse:
    resident = Resident.by_feed_token(token)
    if resident is None:
        raise Http404("Unknown or renewed link.")
    form = SurveyForm(request.POST or None, initial=_initial(resident), focus=focus_community(request, resident))
    status = None
    if request.method == "POST" and form.is_valid():

        def write(answers: survey.Answers) -> str:
            survey.answer_survey(resident.pk, answers)
            return token

        saved, status = _submit(form, write)
        if saved:
            messages.success(request, _("Your wishes and free time are saved."))
            return private_response(redirect("pages:personal", token=token))
    return private_response(_page(request, form, status, resident=resident, token=token, private_page=True))


@coordinator_required
@require_http_methods(["GET", "POST"])
def paper(request: HttpRequest, key: str | None = None) -> HttpResponse:
    """A coordinator enters a paper survey for a new resident, or for one of their communities' residents."""
    resident = None
    if key is not None:
        scope = scope_of(request.user)
        found = (
            Resident.objects.all() if scope.district else Resident.objects.filter(community_id__in=scope.community_ids)
        )
        resident = get_object_or_404(found, key=key)
    focus = focus_community(request, resident)
    form = SurveyForm(request.POST or None, initial=_initial(resident) if resident else None, focus=focus)
    if request.method == "POST" and form.is_valid():
        try:
            saved = survey.enter_paper_survey(
                request.user, form.answers(), resident_id=resident.pk if resident else None
            )
        except ValidationError as error:
            _refuse(form, error)
        else:
            messages.success(request, _("The paper survey of %(name)s is entered.") % {"name": saved.name})
            return redirect("pages:paper_survey_of", key=saved.key)
    return _page(request, form, None, resident=resident, paper=True, nav="coordinate")
