"""Real spreadsheet files for import tests, written with openpyxl and csv like a coordinator's Excel would."""

from __future__ import annotations

import io
from collections.abc import Sequence

from openpyxl import Workbook, load_workbook

TEACHER_HEADERS = ["编号", "姓名", "所属社区", "电话", "擅长类别", "每周最多节数", "志愿者", "可授课时间"]


def xlsx(rows: Sequence[Sequence[object]], title: str = "Sheet1") -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_text(rows: Sequence[Sequence[object]]) -> str:
    return "\r\n".join(",".join(str(cell) for cell in row) for row in rows) + "\r\n"


def read_xlsx(data: bytes, sheet: int = 0) -> list[list[object]]:
    book = load_workbook(io.BytesIO(data))
    return [list(row) for row in book.worksheets[sheet].iter_rows(values_only=True)]
