"""The subscribe box of a page: its webcal:// link, the https link behind it, and the QR code."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import icalendar
from django.http import HttpResponse
from django.test import Client

SITE = "http://127.0.0.1:8000"  # SITE_URL's default, as in the test settings


def webcal_link(response: HttpResponse) -> str:
    links = re.findall(r'href="(webcal://[^"]+)"', response.content.decode())
    assert len(links) == 1, links
    return links[0]


def qr_titles(response: HttpResponse) -> list[str]:
    """The titles of the inline SVG QR codes (each names the link it encodes)."""
    return re.findall(r'<svg class="qr"[^>]*><title>([^<]*)</title>', response.content.decode())


def fetch_calendar(client: Client, webcal: str) -> icalendar.Calendar:
    """Follow a webcal:// link the way a calendar app does (over http) and parse the calendar back."""
    url = "http://" + webcal.removeprefix("webcal://")
    assert url.startswith(SITE + "/feeds/"), url
    response = client.get(urlsplit(url).path)
    assert response.status_code == 200
    return icalendar.Calendar.from_ical(response.content)


def summaries(calendar: icalendar.Calendar) -> list[str]:
    return sorted(str(event["SUMMARY"]) for event in calendar.walk("VEVENT") if "RECURRENCE-ID" not in event)
