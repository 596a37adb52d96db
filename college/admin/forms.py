"""Admin forms: tick boxes for tag lists and HH:MM text for times, so nobody types JSON or minutes."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from college.models import Category, Facility, InterestGroup, Teacher, Term, Venue
from college.models.fields import MinuteListFormField, TagsFormField


class VenueForm(forms.ModelForm):
    facilities = TagsFormField(Facility.choices, label=_("facilities"))

    class Meta:
        model = Venue
        fields = ("key", "community", "name", "kind", "address", "capacity", "indoor", "step_free", "facilities")


class TeacherForm(forms.ModelForm):
    skills = TagsFormField(Category.choices, label=_("skills"), help_text=_("Categories this teacher can teach."))

    class Meta:
        model = Teacher
        fields = ("key", "name", "community", "phone", "skills", "activities", "max_sessions_per_week", "volunteer")


class InterestGroupForm(forms.ModelForm):
    facilities = TagsFormField(Facility.choices, label=_("required facilities"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "activity" in self.fields:
            self.fields["activity"].required = True  # every group names its activity (older rows got theirs)

    class Meta:
        model = InterestGroup
        fields = (
            "key", "name", "category", "activity", "audience", "community", "teacher", "sessions_per_week",
            "session_minutes", "min_size", "max_size", "facilities", "step_free", "registered", "description",
            "what_to_bring",
        )  # fmt: skip


class TermForm(forms.ModelForm):
    slot_starts = MinuteListFormField(
        as_times=True, label=_("slot start times"), help_text=_("Times of day separated by commas, e.g. 09:00, 14:30.")
    )
    session_lengths = MinuteListFormField(
        as_times=False, label=_("session lengths (minutes)"), help_text=_("Minutes separated by commas, e.g. 60, 90.")
    )

    class Meta:
        model = Term
        fields = ("key", "name", "first_day", "last_day", "slot_starts", "session_lengths")
