"""Import a FET file (teachers, students sets, activities, rooms and their constraints) into the database.

The file goes through the same pure mapping as the benchmark (``scheduler.io.fet.mapping``), so what is stored
is what the engine would solve: one community for the school, a venue per room (and per class's own room),
a teacher per FET teacher, an interest group per activity (one session of its duration), a cohort per
students set (never overlapping, with its gap limit), apart and together sets, blocked windows, allowed
start times and venues. Constraints the engine does not support stop the import unless the caller accepts
dropping them; the term's slot grid becomes the file's hours. Everything is written in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django.db import IntegrityError, transaction
from django.utils.text import slugify

from college.domain.imports.fet_rows import write_problem
from college.models import Community, Term
from scheduler.io.fet.mapping import FetMapping, map_fet
from scheduler.io.fet.read import FetError, read_fet


@dataclass
class FetImportReport:
    source: str
    supported: dict[str, int] = field(default_factory=dict)
    unsupported: dict[str, int] = field(default_factory=dict)
    ignored: int = 0
    created: dict[str, int] = field(default_factory=dict)  # table → rows written
    dropped: bool = False  # unsupported constraints were dropped at the caller's request

    def lines(self) -> list[str]:
        out = [f"{self.source}: " + ", ".join(f"{n} {table}" for table, n in self.created.items())]
        out.append("mapped: " + ", ".join(f"{_short(k)} ×{n}" for k, n in sorted(self.supported.items())))
        if self.unsupported:
            verb = "dropped" if self.dropped else "not supported"
            out.append(f"{verb}: " + ", ".join(f"{_short(k)} ×{n}" for k, n in sorted(self.unsupported.items())))
        if self.ignored:
            out.append(f"ignored (inactive or weight 0%): {self.ignored}")
        return out


class FetImportError(Exception):
    """The import was refused; ``report`` says what the file contains (nothing was written)."""

    def __init__(self, message: str, report: FetImportReport | None = None) -> None:
        super().__init__(message)
        self.report = report


def _short(tag: str) -> str:
    return tag.removeprefix("Constraint")


def import_fet(source: str | Path | bytes, term_id: int, drop_unsupported: bool = False) -> FetImportReport:
    """Import the FET file ``source`` (a path or its bytes) for the term with id ``term_id``."""
    name = Path(source).name if isinstance(source, str | Path) else "uploaded file"
    try:
        fet = read_fet(Path(source) if isinstance(source, str) else source)
        mapping = map_fet(fet)
    except (FetError, OSError) as exc:
        raise FetImportError(f"{name}: {exc}") from None
    report = _report(name, mapping, drop_unsupported)
    if mapping.unsupported and not drop_unsupported:
        listed = ", ".join(f"{_short(k)} ×{n}" for k, n in sorted(mapping.unsupported.items()))
        raise FetImportError(
            f"{name} uses constraints Kebiao does not support: {listed}. Nothing was imported; "
            "import again accepting to drop them (--drop-unsupported) or remove them in FET.",
            report,
        )
    term = Term.objects.filter(pk=term_id).first()
    if term is None:
        raise FetImportError(f"there is no term with id {term_id}", report)
    prefix = "fet-" + (slugify(fet.institution, allow_unicode=True)[:40] or slugify(Path(name).stem)[:40] or "school")
    if Community.objects.filter(key=prefix).exists():
        raise FetImportError(f"{fet.institution or name} was imported already (community key {prefix!r})", report)
    try:
        with transaction.atomic():
            report.created = write_problem(mapping.problem, prefix)
            term.slot_starts = sorted({s.start for s in mapping.problem.slots})
            term.session_lengths = sorted({g.length for g in mapping.problem.groups})
            term.save(update_fields=["slot_starts", "session_lengths"])
    except IntegrityError as exc:
        raise FetImportError(f"{name} clashes with rows already in the database, nothing was imported: {exc}") from None
    return report


def _report(name: str, mapping: FetMapping, dropped: bool) -> FetImportReport:
    return FetImportReport(
        source=name,
        supported=dict(mapping.supported),
        unsupported=dict(mapping.unsupported),
        ignored=mapping.ignored,
        dropped=dropped and bool(mapping.unsupported),
    )
