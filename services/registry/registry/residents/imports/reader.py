"""Reading an uploaded spreadsheet into rows of cells: XLSX/XLS/ODS through python-calamine
(Rust, ~10× openpyxl), CSV through the standard library in UTF-8 (with or without the BOM Excel
writes) or GBK/GB18030 (what WPS and older Excel save on Chinese Windows)."""

from __future__ import annotations

import csv
import io
from typing import Any

from python_calamine import CalamineError, CalamineWorkbook

from registry.residents.imports.errors import ImportFileInvalid

Cell = Any  # str, float, int, bool, date, datetime, time or "" from calamine; str from CSV

_SPREADSHEET_MAGIC = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0")  # zip (xlsx, ods), OLE2 (xls)
_SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods")


def read_rows(filename: str, data: bytes) -> list[list[Cell]]:
    """The first sheet (or the CSV) as rows of cells."""
    if not data:
        raise ImportFileInvalid("文件是空的")
    name = filename.lower()
    if name.endswith(_SPREADSHEET_SUFFIXES) or data.startswith(_SPREADSHEET_MAGIC):
        return _workbook_rows(data)
    return _csv_rows(data)


def _workbook_rows(data: bytes) -> list[list[Cell]]:
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        rows: list[list[Cell]] = workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except (CalamineError, ValueError, OSError) as exc:
        raise ImportFileInvalid("无法读取该表格文件，请另存为 .xlsx 或 .csv 后重试") from exc
    except Exception as exc:  # calamine raises its own classes for zip/xml/password faults
        raise ImportFileInvalid("无法读取该表格文件（可能已加密或已损坏）") from exc
    return rows


def decode_text(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise ImportFileInvalid("无法识别文件编码，请保存为 UTF-8 或 GBK 编码的 CSV") from exc


def _csv_rows(data: bytes) -> list[list[Cell]]:
    text = decode_text(data)
    if "\x00" in text:
        raise ImportFileInvalid("文件不是 CSV 或 Excel 表格")
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if first_line.count("\t") > first_line.count(",") else ","
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise ImportFileInvalid(f"CSV 格式有误：{exc}") from exc
