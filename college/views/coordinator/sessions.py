"""One session of the week grid: its panel, pin and unpin, and a one-off change of one of its dates.

The panel is a page of its own (without JavaScript) and the grid's side panel (``?panel=1``, the fragment only).
Every write asks ``college.domain.access`` first and goes through the domain's own functions.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from django.views.decorators.http import require_POST

from college.domain.access import scope_of
from college.domain.calendar.occurrences import cancel_occurrence, move_occurrence, restore_occurrence
from college.domain.errors import WorkflowError
from college.domain.versions.conflicts import hard_conflicts
from college.domain.versions.moves import Move, MovePreview, preview_move, save_move
from college.domain.versions.panel import SessionFacts, session_facts
from college.domain.versions.timetables import set_pinned
from college.models import Session, TimetableStatus, Venue
from college.models.choices import WEEKDAY_CHOICES
from college.models.fields import TimeOfDayFormField, format_minutes, single_line
from college.views.coordinator.access import coordinator_required


def month_day_format() -> str:
    return pgettext("month and day, as a date format", "F j")


ACTIONS = (("cancel", gettext_lazy("Cancel this date")), ("move", gettext_lazy("Move this date")))


class OneOffForm(forms.Form):
    """Cancel or move one date of a published session; the domain checks the rest."""

    date = forms.DateField(label=gettext_lazy("Date"), widget=forms.Select)
    action = forms.ChoiceField(
        label=gettext_lazy("Cancel or move"), choices=ACTIONS, widget=forms.RadioSelect, initial="cancel"
    )
    new_start = TimeOfDayFormField(label=gettext_lazy("New start"), required=False)
    new_end = TimeOfDayFormField(
        label=gettext_lazy("New end"), required=False, help_text=gettext_lazy("Empty: the session keeps its length.")
    )
    new_venue = forms.ModelChoiceField(Venue.objects.none(), label=gettext_lazy("New venue"), required=False)
    reason = forms.CharField(
        label=gettext_lazy("Reason"), max_length=200, required=False, validators=[single_line],
        help_text=gettext_lazy("Shown in the calendars."),
    )  # fmt: skip

    def __init__(self, data: object, facts: SessionFacts) -> None:
        super().__init__(data)
        session = facts.session
        self.fields["date"].widget.choices = [(m.date.isoformat(), date_label(m)) for m in facts.dates]
        self.fields["new_venue"].queryset = Venue.objects.filter(
            Q(community_id=session.group.community_id) | Q(pk=session.venue_id)
        ).order_by("name")
        self.fields["new_venue"].empty_label = _("Same venue")

    def clean(self) -> dict[str, object]:
        cleaned = super().clean()
        nothing_new = cleaned.get("new_start") is None and not cleaned.get("new_venue")
        if cleaned.get("action") == "move" and nothing_new and "new_start" not in self.errors:
            self.add_error("new_start", _("Give a new start time or a new venue."))
        if cleaned.get("action") == "cancel" and (cleaned.get("new_start") is not None or cleaned.get("new_venue")):
            self.add_error("action", _("A cancelled date has no new time or venue: choose “Move this date”."))
        return cleaned


class MoveForm(forms.Form):
    """Where a draft's weekly session goes: a weekday, one of the term's start times, a venue (the form beside the
    drag, for keyboards)."""

    weekday = forms.TypedChoiceField(label=gettext_lazy("Day"), coerce=int, choices=WEEKDAY_CHOICES)
    start = forms.TypedChoiceField(label=gettext_lazy("Start"), coerce=int)
    venue = forms.ModelChoiceField(Venue.objects.none(), label=gettext_lazy("Venue"), required=False)

    def __init__(self, data: object, session: Session) -> None:
        initial = {"weekday": session.weekday, "start": session.start, "venue": session.venue_id}
        super().__init__(data, initial=initial)
        starts = sorted({*session.timetable.term.slot_starts, session.start})
        self.fields["start"].choices = [(m, format_minutes(m)) for m in starts]
        self.fields["venue"].queryset = Venue.objects.filter(
            Q(community_id=session.group.community_id) | Q(pk=session.venue_id)
        ).order_by("name")
        self.fields["venue"].empty_label = _("Same venue")

    def move(self, session: Session) -> Move:
        venue = self.cleaned_data["venue"]
        return Move(session.pk, self.cleaned_data["weekday"], self.cleaned_data["start"], venue.pk if venue else None)


def date_label(meeting: object) -> str:
    """'9月14日 星期一' with what already happened to that date."""
    day = meeting.date  # type: ignore[attr-defined]
    label = date_format(day, month_day_format()) + " " + date_format(day, "l")
    if meeting.cancelled:  # type: ignore[attr-defined]
        label += " · " + _("cancelled")
    elif meeting.moved:  # type: ignore[attr-defined]
        label += " · " + _("moved")
    return label


def _session(pk: int) -> Session:
    return get_object_or_404(Session.objects.select_related("timetable__term", "group", "venue", "teacher"), pk=pk)


def _readable(request: HttpRequest, pk: int) -> Session:
    session = _session(pk)
    if not scope_of(request.user).may_change(session.group.community_id):
        raise Http404("No such session among your communities.")
    return session


def _changeable(request: HttpRequest, pk: int) -> Session:
    session = _session(pk)
    if not scope_of(request.user).may_change(session.group.community_id):
        raise PermissionDenied("Only coordinators of the group's community may change its sessions.")
    return session


def _back(request: HttpRequest, session: Session) -> str:
    """Where a write returns: the grid it came from (``next``, this site only), else the version's week."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if wanted and url_has_allowed_host_and_scheme(wanted, {request.get_host()}, require_https=request.is_secure()):
        return wanted
    return reverse("pages:week", args=[session.timetable_id])


def _done(request: HttpRequest, session: Session) -> HttpResponse:
    """Back to the grid; the side panel's fetch gets the address instead (following a redirect would show the
    grid, and use up its message, out of sight)."""
    if request.POST.get("panel") == "1":
        return HttpResponse(status=204, headers={"X-Location": _back(request, session)})
    return redirect(_back(request, session))


def _render(
    request: HttpRequest,
    session: Session,
    form: OneOffForm | None = None,
    status: int = 200,
    **move: object,
) -> HttpResponse:
    facts = session_facts(session, timezone.localdate())
    conflicts = hard_conflicts(session.timetable_id).of(session.pk)
    context = {
        "nav": "coordinate",
        "s": session,
        "facts": facts,
        "form": form or OneOffForm(None, facts),
        "conflicts": conflicts,
        "next": _back(request, session),
        "timetable": session.timetable,
        "term": session.timetable.term,
        "move_form": MoveForm(None, session),
        **move,
    }
    panel = request.GET.get("panel") == "1" or request.POST.get("panel") == "1"
    template = "college/coordinator/_session_panel.html" if panel else "college/coordinator/session.html"
    return render(request, template, context, status=status)


@coordinator_required
def session_panel(request: HttpRequest, pk: int) -> HttpResponse:
    """The panel; in a draft, ``?weekday=&start=&venue=`` previews a move (nothing is saved)."""
    session = _readable(request, pk)
    if "weekday" not in request.GET or session.timetable.status != TimetableStatus.DRAFT:
        return _render(request, session)
    form = MoveForm(request.GET, session)
    if not form.is_valid():
        return _render(request, session, status=400, move_form=form)
    try:
        preview = preview_move(form.move(session))
    except WorkflowError as error:
        return _render(request, session, status=409, move_form=form, move_error=str(error))
    return _render(request, session, move_form=form, preview=preview)


@require_POST
@coordinator_required
def move(request: HttpRequest, pk: int) -> HttpResponse:
    """Save a draft's weekly move after the verifier checked every hard rule again."""
    session = _changeable(request, pk)
    form = MoveForm(request.POST, session)
    if not form.is_valid():
        return _render(request, session, status=400, move_form=form)
    try:
        saved = save_move(form.move(session))
    except WorkflowError as error:
        return _render(request, session, status=409, move_form=form, move_error=str(error))
    messages.success(request, moved_message(saved))
    return _done(request, session)


def moved_message(saved: MovePreview) -> str:
    return _(
        "%(group)s now meets %(place)s. Score %(before)s → %(after)s; wishes made attendable %(met_before)s → "
        "%(met_after)s of %(wishes)s."
    ) % {
        "group": saved.session.group.name,
        "place": saved.label,
        "before": saved.before.objective,
        "after": saved.after.objective,
        "met_before": saved.before.attendable,
        "met_after": saved.after.attendable,
        "wishes": saved.after.interests,
    }


@require_POST
@coordinator_required
def pin(request: HttpRequest, pk: int) -> HttpResponse:
    session = _changeable(request, pk)
    pinned = request.POST.get("pinned") == "1"
    set_pinned([session.pk], pinned)
    text = _("%(group)s is pinned: a re-solve keeps it.") if pinned else _("%(group)s is no longer pinned.")
    messages.success(request, text % {"group": session.group.name})
    return _done(request, session)


@require_POST
@coordinator_required
def change_date(request: HttpRequest, pk: int) -> HttpResponse:
    """Cancel, move or restore one date of a published session (``action`` = cancel, move or restore)."""
    session = _changeable(request, pk)
    today, user_id = timezone.localdate(), request.user.pk
    if request.POST.get("action") == "restore":
        return _restore(request, session, today)
    facts = session_facts(session, today)
    form = OneOffForm(request.POST, facts)
    if not form.is_valid():
        return _render(request, session, form, status=400)
    data = form.cleaned_data
    try:
        if data["action"] == "cancel":
            cancel_occurrence(session.pk, data["date"], data["reason"], user_id=user_id, today=today)
        else:
            venue = data["new_venue"].pk if data["new_venue"] else None
            move_occurrence(session.pk, data["date"], start=data["new_start"], end=data["new_end"], venue_id=venue,
                            reason=data["reason"], user_id=user_id, today=today)  # fmt: skip
    except ValidationError as error:
        for field, problems in error.message_dict.items():
            for problem in problems:
                form.add_error(field if field in form.fields else None, problem)
        return _render(request, session, form, status=400)
    done = _("%(group)s on %(date)s is cancelled.") if data["action"] == "cancel" else _("%(group)s on %(date)s moves.")
    day = date_format(data["date"], month_day_format())
    messages.success(request, done % {"group": session.group.name, "date": day})
    return _done(request, session)


def _restore(request: HttpRequest, session: Session, today: dt.date) -> HttpResponse:
    try:
        day = dt.date.fromisoformat(request.POST.get("date", ""))
        restored = restore_occurrence(session.pk, day, today=today)
    except (ValueError, ValidationError) as error:
        text = "; ".join(error.messages) if isinstance(error, ValidationError) else _("Enter a valid date.")
        messages.error(request, text)
        return _done(request, session)
    if restored:
        messages.success(request, _("%(group)s meets on %(date)s as published again.")
                         % {"group": session.group.name, "date": date_format(day, month_day_format())})  # fmt: skip
    return _done(request, session)
