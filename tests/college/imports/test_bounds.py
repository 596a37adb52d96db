"""Imports are bounded before anything parses them: zip bombs from the zip directory, huge bodies from their
Content-Length, and reports to the first problems plus a count."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
from django.test import Client
from django.utils import translation

from college.domain.imports import TableError, import_table
from college.domain.records.read import read_college
from tests.api.conftest import token_for
from tests.college.factories import load_tiny_college
from tests.college.imports.sheets import TEACHER_HEADERS, xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def college() -> None:
    load_tiny_college()


def rewritten(data: bytes, change: dict[str, bytes | None]) -> bytes:
    """The same XLSX with some parts replaced (None: left out)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for part in source.infolist():
            if part.filename not in change:
                target.writestr(part, source.read(part))
        for name, content in change.items():
            if content is not None:
                target.writestr(name, content)
    return out.getvalue()


def huge_sheet(ref: str, last_row: int) -> bytes:
    """A worksheet declaring the dimension ``ref`` with one cell in ``last_row``; without [Content_Types].xml,
    so that openpyxl, had it opened the file, would have called it unreadable instead."""
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
        f'spreadsheetml/2006/main"><dimension ref="{ref}"/><sheetData><row r="{last_row}"><c r="A{last_row}" '
        't="inlineStr"><is><t>x</t></is></c></row></sheetData></worksheet>'
    ).encode()
    return rewritten(xlsx([TEACHER_HEADERS]), {"xl/worksheets/sheet1.xml": sheet, "[Content_Types].xml": None})


def refusal(data: bytes, filename: str = "t.xlsx") -> str:
    with translation.override("zh-hans"), pytest.raises(TableError) as error:
        import_table("teachers", data, filename)
    return str(error.value)


def test_a_sheet_declaring_every_column_is_refused_from_its_dimension() -> None:
    assert refusal(huge_sheet("A1:XFD2", 2)) == "文件超过 100 列。"


def test_a_sheet_declaring_a_million_rows_is_refused_from_its_dimension() -> None:
    assert refusal(huge_sheet("A1:XFD1048576", 20001)) == "文件超过 20000 行。"


def test_parts_that_inflate_past_100_mb_are_refused_from_the_zip_directory() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx([TEACHER_HEADERS]))) as source:
        parts = {p.filename: source.read(p) for p in source.infolist()}
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb:
        for name, content in parts.items():
            if name != "xl/sharedStrings.xml":
                bomb.writestr(name, content)
        with bomb.open("xl/sharedStrings.xml", "w") as strings:
            for _ in range(101):
                strings.write(b"<" * (1024 * 1024))
    assert len(out.getvalue()) < 1024 * 1024
    assert refusal(out.getvalue()) == "该表格解压后超过 100 MB：请只保存要导入的表格。"


def test_a_csv_of_a_hundred_thousand_columns_is_refused_in_one_sentence() -> None:
    data = (",".join(f"c{i}" for i in range(100_000)) + "\r\n").encode()
    assert refusal(data, "t.csv") == "文件超过 100 列。"


def test_an_error_report_lists_the_first_200_problems_and_counts_the_rest() -> None:
    out = io.StringIO()
    rows = [TEACHER_HEADERS] + [[f"t{i}", f"老师{i}", "没有这个社区", "", "", "", "", ""] for i in range(300)]
    csv.writer(out).writerows(rows)
    before = read_college()
    report = import_table("teachers", out.getvalue().encode(), "t.csv", dry_run=False)
    assert (len(report.problems), report.problem_count, report.more_problems) == (200, 300, 100)
    assert (report.written, read_college()) == (False, before)


class Unreadable(io.RawIOBase):
    """A request body that must never be read."""

    def read(self, size: int = -1) -> bytes:
        raise AssertionError("the body was read")

    readline = read


@pytest.mark.parametrize("path", ["/api/v1/imports/teachers?dry_run=false", "/admin/college/imports/"])
def test_a_300_mb_body_is_refused_from_its_length_without_being_read(client: Client, path: str) -> None:
    token = token_for("bob", "dazhu")
    before = read_college()
    response = client.generic(
        "POST", path, b"", content_type="multipart/form-data; boundary=x", headers={"authorization": f"Bearer {token}"},
        CONTENT_LENGTH=str(300 * 1024 * 1024), **{"wsgi.input": Unreadable()},
    )  # fmt: skip
    assert (response.status_code, read_college()) == (413, before)
    answer = response.json()["message"] if path.startswith("/api/") else response.content.decode()
    assert answer == "请求超过 11 MB。"
