"""Build the POST data a browser would send from an admin page's own forms (main form + inlines)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpResponse


def _form_fields(form: forms.BaseForm, *, as_new: bool) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for bound in form:
        value = bound.value()
        if as_new and bound.name in ("id",) or (as_new and isinstance(bound.field, forms.models.InlineForeignKeyField)):
            continue
        if value is None or value is False:
            continue
        if isinstance(bound.field.widget, forms.CheckboxInput):
            data[bound.html_name] = "on"
        elif isinstance(value, list | tuple):
            data[bound.html_name] = [str(v) for v in value]
        else:
            data[bound.html_name] = str(value)
    return data


def page_post_data(response: HttpResponse, *, as_new: bool = False) -> dict[str, Any]:
    """The data of the page's forms with their current values; ``as_new`` turns inline rows into new rows."""
    context = response.context
    data = _form_fields(context["adminform"].form, as_new=as_new)
    for inline in context["inline_admin_formsets"]:
        formset = inline.formset
        rows = formset.initial_forms
        for form in rows:
            data.update(_form_fields(form, as_new=as_new))
        prefix = formset.management_form.prefix
        data[f"{prefix}-TOTAL_FORMS"] = str(len(rows))
        data[f"{prefix}-INITIAL_FORMS"] = "0" if as_new else str(len(rows))
        data[f"{prefix}-MIN_NUM_FORMS"] = "0"
        data[f"{prefix}-MAX_NUM_FORMS"] = "1000"
    return data


def page_errors(response: HttpResponse) -> list[object]:
    """Every error shown on a re-rendered admin page (for assertion messages)."""
    context = response.context
    errors: list[object] = [context["adminform"].form.errors]
    errors += [inline.formset.errors for inline in context["inline_admin_formsets"]]
    errors += [inline.formset.non_form_errors() for inline in context["inline_admin_formsets"]]
    return errors
