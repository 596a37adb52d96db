"""Template helpers of the pages: ``{% load pages %}`` then ``{{ 540|hhmm }}``, ``{% qr_svg url %}``."""

from __future__ import annotations

import datetime as dt
import re

import qrcode
import qrcode.image.svg
from django import template
from django.utils.formats import date_format
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from college.domain.explanations import Finding
from college.models import College
from college.models.choices import WEEKDAY_CHOICES
from college.models.fields import format_minutes

register = template.Library()

_SIZE = re.compile(r'\s(width|height)="[^"]*"')


@register.filter
def hhmm(minutes: int | None) -> str:
    """540 → '09:00'."""
    return format_minutes(minutes)


@register.filter
def month_day(day: dt.date) -> str:
    """14 September: '9月14日' in Chinese, 'September 14' in English."""
    return date_format(day, pgettext("month and day, as a date format", "F j"))


@register.filter
def weekday_name(weekday: int) -> str:
    """0 → '星期一' (Monday) in the active language."""
    return str(WEEKDAY_CHOICES[weekday][1])


@register.filter
def linked(finding: Finding) -> SafeString:
    """A data-check or explanation sentence with each entity it names linked to its admin page."""
    if finding.html:
        return mark_safe(finding.html)  # noqa: S308 - made by college.domain.reasons from escaped pieces
    html = str(escape(finding.text))
    for link in finding.links:
        label = str(escape(link.label))
        anchor = format_html('<a href="{}">{}</a>', link.url, link.label)
        html = html.replace(label, anchor, 1) if label in html else f"{html} {anchor}"
    return mark_safe(html)  # noqa: S308 - every piece was escaped above


@register.filter
def percent(share: float | None) -> str:
    """0.0345 → '3.5%'; None → '—'."""
    return "—" if share is None else f"{100 * share:.1f}%"


@register.simple_tag
def college_name() -> str:
    """The college's name for page titles (empty before one is loaded)."""
    return College.current_name()


@register.simple_tag
def qr_svg(data: str, label: str = "") -> SafeString:
    """An inline SVG QR code of ``data`` (made here, no outside service); it scales with its container."""
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, border=2)
    svg = _SIZE.sub("", image.to_string(encoding="unicode"), count=2)
    title = label or _("QR code: %(link)s") % {"link": data}
    svg = svg.replace("<svg ", '<svg class="qr" role="img" shape-rendering="crispEdges" ', 1)
    svg = re.sub(r"(<svg[^>]*>)", lambda m: f"{m[1]}<title>{escape(title)}</title>", svg, count=1)
    return mark_safe(svg)  # noqa: S308 - built from qrcode's own markup and an escaped title
