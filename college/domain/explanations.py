"""Sentences for coordinators with links to the admin pages of the entities they name.

A ``Finding`` is a sentence plus links ``(label, url)``, and, when it was made from a reason
(``college.domain.reasons``), its HTML with each name already a link; pages show that HTML, or else link each
label inside the text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import models
from django.urls import reverse


@dataclass(frozen=True)
class Link:
    label: str
    url: str


@dataclass(frozen=True)
class Finding:
    """One sentence a coordinator can act on, and links to the entities it names."""

    text: str
    links: tuple[Link, ...] = field(default=())
    html: str = ""  # safe HTML with the links in place (made from a reason); empty: link the labels in ``text``

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
