"""A resident's personal calendar: pick groups → a private link (``/my/<token>/``), changeable and renewable."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from college.domain.calendar import rotate_feed_token
from college.domain.calendar.dates import meetings, upcoming_changes
from college.domain.demand.survey import ranked_wishes
from college.domain.people import personal
from college.domain.people.self_service import TooManyChanges
from college.domain.versions.week import WeekFilter, public_timetable, session_times, week_grid, week_sessions
from college.models import AgeBand, Category, Community, InterestGroup, Resident, Timetable
from college.views.private import private_response


class PicksForm(forms.Form):
    groups = forms.MultipleChoiceField(label=gettext_lazy("Interest groups"), widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: object, pickable: list[InterestGroup], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.pickable = pickable
        self.fields["groups"].choices = [(str(g.pk), g.name) for g in pickable]
        self.fields["groups"].error_messages["required"] = gettext_lazy("Pick at least one interest group.")


NOT_GIVEN = "none"  # the radio value of 不填


class NewCalendarForm(PicksForm):
    """Community and age band are radio buttons with nothing preselected: an explicit answer, or 不填."""

    community = forms.ChoiceField(label=gettext_lazy("I live in"), widget=forms.RadioSelect)
    age_band = forms.ChoiceField(label=gettext_lazy("Age band"), widget=forms.RadioSelect)
    name = forms.CharField(label=gettext_lazy("What may we call you? (optional)"), required=False, max_length=60)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        not_given = (NOT_GIVEN, gettext_lazy("Prefer not to say"))
        communities = [(str(c.pk), c.name) for c in Community.objects.order_by("pk")]
        self.fields["community"].choices = [*communities, not_given]
        self.fields["community"].error_messages["required"] = gettext_lazy(
            "Choose your community, or “Prefer not to say”."
        )
        self.fields["age_band"].choices = [*AgeBand.choices, not_given]
        self.fields["age_band"].error_messages["required"] = gettext_lazy(
            "Choose your age band, or “Prefer not to say”."
        )


PICK_LIST_LIMIT = 120  # more pickable groups than this: the list shows one community's (and the ticked ones)
HOME_COOKIE = "kebiao_community"  # the catalogue's: the community a visitor last chose


def focus_community(request: HttpRequest, resident: Resident | None = None) -> Community | None:
    """The community whose groups a long pick list shows: asked for, else last chosen, else the resident's own."""
    key = request.GET.get("community") or request.COOKIES.get(HOME_COOKIE, "")
    chosen = Community.objects.filter(key=key).first() if key else None
    return chosen or (resident.community if resident is not None else None)


def _pick_sections(form: PicksForm, chosen: set[str], timetable: Timetable | None,
                   focus: Community | None) -> dict[str, object]:  # fmt: skip
    """The pick list: ``sections`` (category value, label, [(group, [times], ticked)]) and, when the college has
    too many groups for one list, ``narrowed`` with the ``focus`` community and the ``pick_communities`` to choose."""
    narrowed = len(form.pickable) > PICK_LIST_LIMIT
    shown = [g for g in form.pickable
             if not narrowed or str(g.pk) in chosen or (focus is not None and g.community_id == focus.pk)]  # fmt: skip
    times = session_times(timetable, [g.pk for g in shown]) if timetable else {}
    sections = []
    for value, label in Category.choices:
        items = [(g, times.get(g.pk, []), str(g.pk) in chosen) for g in shown if g.category == value]
        if items:
            sections.append((value, label, items))
    communities = Community.objects.order_by("pk") if narrowed else Community.objects.none()
    return {"sections": sections, "narrowed": narrowed, "focus": focus, "pick_communities": communities}


def _apply_domain_errors(form: forms.Form, error: ValidationError) -> None:
    for field, problems in error.message_dict.items():
        form.add_error(field if field in form.fields else None, problems)


@never_cache
@require_http_methods(["GET", "POST"])
def new(request: HttpRequest) -> HttpResponse:
    timetable = public_timetable()
    pickable = personal.pickable_groups(timetable)
    form = NewCalendarForm(request.POST or None, pickable=pickable)
    status = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            _resident, token = personal.start_personal_calendar(
                [int(g) for g in data["groups"]],
                community_id=None if data["community"] == NOT_GIVEN else int(data["community"]),
                age_band="" if data["age_band"] == NOT_GIVEN else data["age_band"],
                name=data["name"], timetable=timetable, client=client_address(request),
            )  # fmt: skip
        except ValidationError as error:
            _apply_domain_errors(form, error)
        except TooManyChanges as refusal:
            form.add_error(None, refusal.message)
            status = 429
        else:
            messages.success(
                request, _("Your calendar is ready. Bookmark this page: its address is your private link.")
            )
            return redirect("pages:personal", token=token)
    keys = set(request.GET.getlist("pick"))
    chosen = set(form["groups"].value() or []) | {str(g.pk) for g in pickable if g.key in keys}
    context = {"nav": "personal", "form": form, "timetable": timetable,
               **_pick_sections(form, chosen, timetable, focus_community(request))}  # fmt: skip
    return render(request, "college/public/personal_new.html", context, status=status or (400 if form.errors else 200))


def client_address(request: HttpRequest) -> str:
    """The resident's address: behind a reverse proxy the last entry of ``settings.CLIENT_IP_HEADER`` (the one the
    proxy wrote), else the connection's own."""
    forwarded = request.META.get(settings.CLIENT_IP_HEADER, "") if settings.CLIENT_IP_HEADER else ""
    return forwarded.rsplit(",", 1)[-1].strip() or request.META.get("REMOTE_ADDR", "")


def _resident(token: str) -> Resident:
    resident = Resident.by_feed_token(token)
    if resident is None:
        raise Http404("Unknown or renewed link.")
    return resident


@require_safe
def calendar(request: HttpRequest, token: str) -> HttpResponse:
    return _calendar_page(request, token)


def _calendar_page(
    request: HttpRequest, token: str, form: PicksForm | None = None, status: int | None = None
) -> HttpResponse:
    resident = _resident(token)
    timetable = public_timetable()
    picked = personal.picked_group_ids(resident)
    sessions = week_sessions(timetable, WeekFilter(groups=frozenset(picked))) if timetable else []
    pickable = personal.pickable_groups(timetable)
    form = form or PicksForm(initial={"groups": [str(g) for g in picked]}, pickable=pickable)
    chosen = set(form["groups"].value() or [])
    context = {
        "nav": "personal",
        "private_page": True,
        "resident": resident,
        "token": token,
        "timetable": timetable,
        "term": timetable.term if timetable else None,
        "grid": week_grid(sessions),
        "changes": upcoming_changes(meetings(sessions), timezone.localdate()),
        "form": form,
        **_pick_sections(form, chosen, timetable, focus_community(request, resident)),
        "categories": list(Category.choices),
        "wishes": ranked_wishes(resident),
    }
    status = status or (400 if form.errors else 200)
    return private_response(render(request, "college/public/personal.html", context, status=status))


@require_POST
def change_picks(request: HttpRequest, token: str) -> HttpResponse:
    resident = _resident(token)
    timetable = public_timetable()
    form = PicksForm(request.POST, pickable=personal.pickable_groups(timetable))
    if form.is_valid():
        try:
            personal.set_picks(resident.pk, [int(g) for g in form.cleaned_data["groups"]], timetable)
        except ValidationError as error:
            _apply_domain_errors(form, error)
        except TooManyChanges as refusal:
            form.add_error("groups", refusal.message)
            return _calendar_page(request, token, form, status=429)
        else:
            messages.success(request, _("Your groups are saved; your calendar follows them."))
            return private_response(redirect("pages:personal", token=token))
    return _calendar_page(request, token, form)


@require_POST
def new_link(request: HttpRequest, token: str) -> HttpResponse:
    resident = _resident(token)
    fresh = rotate_feed_token("resident", resident.pk)
    messages.success(
        request,
        _("This is your new private link. The old link and old calendar subscriptions stopped working: "
          "subscribe again from this page."),
    )  # fmt: skip
    return private_response(redirect("pages:personal", token=fresh))
