"""Bulk import from the coordinators' spreadsheets (XLSX, CSV, Chinese headers), templates, and the same tables out.

    import_table("teachers", data, "教师.xlsx", dry_run=True, communities={1})  → ImportReport
    template_bytes("venues", "xlsx")   a blank table with the headers and a sheet explaining each column
    table_bytes("groups", "csv", communities=None)   today's rows, in the import format (re-importable)

Kinds: ``teachers`` (教师), ``venues`` (场地), ``groups`` (兴趣小组), ``survey`` (点单问卷: residents' free time
and interests).
"""

from __future__ import annotations

from collections.abc import Iterable

from college.domain.imports.lookups import Lookups
from college.domain.imports.run import (
    KINDS,
    ImportKind,
    ImportReport,
    RowOutcome,
    RowProblem,
    import_table,
    survey_answers,
)
from college.domain.imports.tables import CSV_TYPE, XLSX_TYPE, TableError, csv_bytes, xlsx_bytes
from college.models import Resident

__all__ = [
    "CSV_TYPE",
    "KINDS",
    "XLSX_TYPE",
    "ImportKind",
    "ImportReport",
    "RowOutcome",
    "SURVEY_ROWS_AT_MOST",
    "RowProblem",
    "TableError",
    "TooManyRows",
    "import_table",
    "table_bytes",
    "template_bytes",
]


def template_bytes(kind_name: str, fmt: str) -> bytes:
    """An empty table to fill in: the headers (and, in XLSX, a second sheet explaining every column)."""
    kind = KINDS[kind_name]
    if fmt == "csv":
        return csv_bytes(kind.headers, [])
    guide = [(c.header, "必填" if c.required else "", c.help) for c in kind.columns]
    return xlsx_bytes([(kind.title, kind.headers, []), ("填写说明", ["列", "是否必填", "填写方法"], guide)])


SURVEY_ROWS_AT_MOST = 20_000  # residents in one download of the survey; past it, a community at a time


class TooManyRows(Exception):
    """The survey's rows asked for are more than one download carries: ask for them a community at a time."""

    def __init__(self, count: int) -> None:
        super().__init__(count)
        self.count = count


def table_bytes(kind_name: str, fmt: str, communities: Iterable[int] | None = None) -> bytes:
    """Today's rows of ``kind`` (within ``communities``; None: all) in the import format; ``TooManyRows`` for the
    survey of more than ``SURVEY_ROWS_AT_MOST`` residents."""
    kind = KINDS[kind_name]
    lookups = Lookups.load()
    if kind_name == "survey":  # residents are read by community, never all of them to keep one community's
        residents = (
            Resident.objects.all() if communities is None else Resident.objects.filter(community__in=communities)
        )
        count = residents.count()
        if count > SURVEY_ROWS_AT_MOST:
            raise TooManyRows(count)
        records = survey_answers(residents)
        rows = [kind.cells(r, lookups) for r in records.values()]
    else:
        allowed = None
        if communities is not None:
            wanted = set(communities)
            allowed = {key for key, (pk, _name) in lookups.communities.by_key.items() if pk in wanted}
        records = kind.current(lookups, [])
        rows = [kind.cells(r, lookups) for r in records.values() if allowed is None or _community(r) in allowed]
    return csv_bytes(kind.headers, rows) if fmt == "csv" else xlsx_bytes([(kind.title, kind.headers, rows)])


def _community(record: object) -> str:
    return getattr(record, "resident", record).community
