"""Sentences for coordinators with links to the admin pages of the entities they name.

A ``Finding`` is a sentence plus links ``(label, url)``; pages render each label inside the text as a link.
``link_sentences`` turns the solver's plain explanation sentences (which name groups, teachers, venues and
communities by name) into findings by looking those names up.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import models
from django.urls import reverse

from college.models import Community, InterestGroup, Teacher, Venue


@dataclass(frozen=True)
class Link:
    label: str
    url: str


@dataclass(frozen=True)
class Finding:
    """One sentence a coordinator can act on, and links to the entities it names."""

    text: str
    links: tuple[Link, ...] = field(default=())

    def as_json(self) -> dict[str, object]:
        return {"text": self.text, "links": [{"label": link.label, "url": link.url} for link in self.links]}

    @classmethod
    def from_json(cls, data: dict[str, object]) -> Finding:
        links = data.get("links") or []
        assert isinstance(links, list)
        return cls(str(data["text"]), tuple(Link(str(x["label"]), str(x["url"])) for x in links))


def admin_url(obj: models.Model) -> str:
    """The admin change page of ``obj``."""
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])


def link(obj: models.Model, label: str | None = None) -> Link:
    return Link(label if label is not None else str(obj), admin_url(obj))


_NAMED = (InterestGroup, Teacher, Venue, Community)


def link_sentences(sentences: Iterable[str]) -> list[Finding]:
    """Findings for plain sentences: every group, teacher, venue or community named in one gets a link.

    Longer names win over names they contain (太极班 before 太极); each place in a sentence links once.
    """
    sentences = list(sentences)
    if not sentences:
        return []
    named: dict[str, Link] = {}
    for model in _NAMED:
        for obj in model.objects.all().only("pk", "name"):
            named.setdefault(obj.name, link(obj, obj.name))
    names = sorted((n for n in named if n), key=len, reverse=True)
    out = []
    for text in sentences:
        taken: list[tuple[int, int]] = []
        found: list[tuple[int, Link]] = []
        for name in names:
            at = text.find(name)
            while at >= 0:
                span = (at, at + len(name))
                if not any(a < span[1] and span[0] < b for a, b in taken):
                    taken.append(span)
                    found.append((at, named[name]))
                    break
                at = text.find(name, at + 1)
        out.append(Finding(text, tuple(dict.fromkeys(lk for _, lk in sorted(found, key=lambda f: f[0])))))
    return out
