"""Bulk import of teachers, venues, groups and 点单 survey answers from XLSX/CSV, templates and round-trip exports.

``POST /imports/{kind}?dry_run=true`` checks a file and shows what would be created or updated and every bad
row; with ``dry_run=false`` it writes, in one transaction, only when every row is valid. Rows of
communities the caller does not coordinate are bad rows.
"""

from __future__ import annotations

from typing import Literal

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, File, Router, Schema, Status, UploadedFile

from api.common import FILE_RESPONSE, READ_ERRORS, WRITE_ERRORS, Id, coordinator_scope, spreadsheet
from api.errors import ApiError, Error, forbidden
from college.domain.imports import (
    ImportReport,
    TableError,
    TooManyRows,
    import_table,
    table_bytes,
    template_bytes,
)
from college.domain.imports.tables import MAX_BYTES

router = Router(tags=["imports"])

Kind = Literal["teachers", "venues", "groups", "survey"]
Format = Literal["xlsx", "csv"]


class RowOut(Schema):
    row: int
    key: str
    action: Literal["create", "update", "unchanged"]


class ProblemOut(Schema):
    row: int = 0
    column: str = ""
    message: str


class ImportReportOut(Schema):
    kind: Kind
    dry_run: bool
    written: bool
    created: int
    updated: int
    unchanged: int
    rows: list[RowOut]
    problems: list[ProblemOut] = Field(description="The first 200 problems.")
    problem_count: int = Field(0, description="Every problem, listed or not.")


class ImportRefused(Error):
    """An import with bad rows: nothing was written; ``problems`` lists every bad cell by row and column."""

    problems: list[ProblemOut] = []
    problem_count: int = 0


def report_out(report: ImportReport) -> ImportReportOut:
    return ImportReportOut(
        kind=report.kind,
        dry_run=report.dry_run,
        written=report.written,
        created=report.count("create"),
        updated=report.count("update"),
        unchanged=report.count("unchanged"),
        rows=[RowOut(row=r.row, key=r.key, action=r.action) for r in report.rows],
        problems=[ProblemOut(row=p.row, column=p.column, message=p.message) for p in report.problems],
        problem_count=report.problem_count,
    )


@router.get(
    "/{kind}/template", response=READ_ERRORS, summary="A blank spreadsheet to fill in", openapi_extra=FILE_RESPONSE
)
def template(request: HttpRequest, kind: Kind, format: Format = "xlsx") -> HttpResponse:
    coordinator_scope(request)
    return spreadsheet(template_bytes(kind, format), format, f"{kind}-template")


@router.get(
    "/{kind}/rows", response=READ_ERRORS, summary="Today's rows, in the import format", openapi_extra=FILE_RESPONSE
)
def rows(request: HttpRequest, kind: Kind, format: Format = "xlsx", community: Id | None = None) -> HttpResponse:
    scope = coordinator_scope(request)
    if community is not None and not scope.may_change(community):
        raise forbidden(_("You do not coordinate this community."))
    communities = [community] if community is not None else (None if scope.district else scope.community_ids)
    try:
        return spreadsheet(table_bytes(kind, format, communities), format, kind)
    except TooManyRows as error:
        message = _("The survey holds %(count)d residents: download it a community at a time (community=…).")
        raise ApiError(422, "invalid", message % {"count": error.count}, field="community") from None


@router.post(
    "/{kind}",
    response={200: ImportReportOut, 422: ImportRefused, **{k: v for k, v in WRITE_ERRORS.items() if k != 422}},
    summary="Import a spreadsheet (a dry run unless dry_run=false)",
)
def run_import(request: HttpRequest, kind: Kind, file: File[UploadedFile], dry_run: bool = True) -> object:
    scope = coordinator_scope(request)
    if file.size is not None and file.size > MAX_BYTES:
        raise ApiError(422, "invalid", _("The file is larger than 10 MB."), field="file")
    communities = None if scope.district else scope.community_ids
    try:
        report = import_table(kind, file.read(), file.name or "", dry_run=dry_run, communities=communities)
    except TableError as error:
        raise ApiError(422, "invalid", str(error), field="file") from None
    if report.problems and not dry_run:
        message = _("%(count)s problems in the file; nothing was imported.") % {"count": report.problem_count}
        problems = report_out(report).problems
        refused = ImportRefused(
            code="invalid_rows", field="file", message=message, problems=problems, problem_count=report.problem_count
        )
        return Status(422, refused)
    return report_out(report)
