"""Find the term or timetable a command names, with a message that lists what exists when it is unknown."""

from __future__ import annotations

from django.core.management.base import CommandError

from college.models import Term, Timetable


def find_term(name: str) -> Term:
    """A term by key or id."""
    term = Term.objects.filter(key=name).first()
    if term is None and name.isdigit():
        term = Term.objects.filter(pk=int(name)).first()
    if term is None:
        known = ", ".join(f"{t.key} ({t.name})" for t in Term.objects.order_by("first_day")) or "none yet"
        raise CommandError(f"No term {name!r}. Known terms: {known}.")
    return term


def find_timetable(name: str) -> Timetable:
    """A timetable by id, or by ``TERM:VERSION`` (term key or id, version number)."""
    term_name, _, version = name.rpartition(":")
    if term_name:
        term = find_term(term_name)
        if not version.isdigit():
            raise CommandError(f"{name!r}: the version after the colon must be a number.")
        found = Timetable.objects.filter(term=term, version=int(version)).first()
        if found is None:
            versions = ", ".join(str(v) for v in term.timetables.order_by("version").values_list("version", flat=True))
            raise CommandError(f"{term} has no version {version}. Its versions: {versions or 'none yet'}.")
        return found
    found = Timetable.objects.filter(pk=int(name)).first() if name.isdigit() else None
    if found is None:
        raise CommandError(f"No timetable {name!r}: give its id, or TERM:VERSION such as longzhu-2026-autumn:2.")
    return found
