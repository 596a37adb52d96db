"""Read pages the way a person does: the visible text, the links, the form fields."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from django.http import HttpResponse

_HIDDEN = {"script", "style", "title", "svg"}


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.hrefs: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self.skipping += 1
        if tag == "a":
            self.hrefs += [value or "" for name, value in attrs if name == "href"]
        self.parts.append(" ")  # every tag boundary separates words, as the page's layout does

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self.skipping -= 1
        self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def _read(response: HttpResponse) -> _Reader:
    reader = _Reader()
    reader.feed(response.content.decode())
    return reader


def text(response: HttpResponse) -> str:
    """The visible text of a page with runs of white space collapsed to one space."""
    return re.sub(r"\s+", " ", "".join(_read(response).parts)).strip()


def hrefs(response: HttpResponse) -> list[str]:
    return _read(response).hrefs
