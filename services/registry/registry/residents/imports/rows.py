"""Turning spreadsheet rows into checked person lines, or problems in Chinese (row, column,
what is wrong) for the office to fix. Every rule of the API applies: GB 11643 check digit, a
real birth date matching the one given, Chinese mobile numbers, known relations."""

from __future__ import annotations

import os
import re
import time
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from registry.residents.imports import columns as col
from registry.residents.imports.columns import Header
from registry.residents.imports.reader import Cell
from registry.residents.imports.schemas import ROWS_LISTED, IgnoredColumn
from registry.residents.people.id_numbers import (
    birth_date_problem,
    id_number_problem,
    normalize_id_number,
)
from registry.residents.people.phones import normalize_phone
from registry.residents.people.relations import RELATIONS, normalize_relation
from registry.text_fields import ascii_digits, typed_number

MAX_NAME = 50
_TRUE = {"是", "y", "yes", "1", "√", "✓", "✔", "true", "有", "对"}
_FALSE = {"", "否", "n", "no", "0", "×", "false", "无", "-", "/"}
_CHINESE_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九十", start=0)}
_BUILDING_NUMBER = re.compile(r"^(\d+)\s*(?:号楼|号|栋|幢|楼)?$", re.ASCII)
_DATE_TEXT = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$", re.ASCII)
EXCEL_EPOCH = date(1899, 12, 30)


@dataclass(frozen=True, slots=True)
class RowProblem:
    row: int
    column: str
    message: str


@dataclass(slots=True)
class PersonLine:
    row: int
    compound: str | None
    building: str
    unit: int
    floor: int
    room: str
    name: str
    relation: str
    id_number: str
    phone: str | None
    birth_date: date
    flags: dict[str, bool] = field(default_factory=dict)  # only the flag columns the sheet has


def ordered_id() -> uuid.UUID:
    """A UUID whose first 48 bits are the time in ms (the UUIDv7 layout): an import's new rows
    land at the end of the primary-key B-trees instead of all over them."""
    value = (time.time_ns() // 1_000_000) << 80 | int.from_bytes(os.urandom(10))
    value = value & ~(0xF << 76) | 0x7 << 76  # version 7
    value = value & ~(0x3 << 62) | 0x2 << 62  # RFC 4122 variant
    return uuid.UUID(int=value)


def text(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "是" if cell else "否"
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, datetime):
        return cell.date().isoformat()
    if isinstance(cell, date):
        return cell.isoformat()
    return str(cell).strip()


def building_name(value: str) -> str:
    """`3`, `3号楼`, `3幢` and `3栋` are one building: `3栋`."""
    match = _BUILDING_NUMBER.match(typed_number(value))
    return f"{int(match.group(1))}栋" if match else value


def unit_number(value: str) -> int | None:
    value = typed_number(value).removesuffix("单元").strip()
    if ascii_digits(value):
        return int(value)
    if value in _CHINESE_DIGITS:
        return _CHINESE_DIGITS[value]
    return None


def room_and_floor(value: str) -> tuple[str, int]:
    room = typed_number(value).removesuffix("室").removesuffix("号").strip()
    digits = room if ascii_digits(room) else ""
    return room, int(digits[:-2]) if len(digits) >= 3 else 1


def birth_date(cell: Cell) -> date | None:
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        number = int(cell)
        if 19000101 <= number <= 21001231:
            return _date(str(number)[:4], str(number)[4:6], str(number)[6:])
        if 1 <= number < 80_000:  # an Excel serial day number
            return EXCEL_EPOCH + timedelta(days=number)
        return None
    value = typed_number(text(cell))
    if ascii_digits(value) and len(value) == 8:
        return _date(value[:4], value[4:6], value[6:])
    match = _DATE_TEXT.match(value)
    return _date(*match.groups()) if match else None


def _date(year: str, month: str, day: str) -> date | None:
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


class _Row:
    """One spreadsheet row being checked: collects its problems."""

    def __init__(self, cells: list[Cell], header: Header, number: int) -> None:
        self.cells, self.header, self.number = cells, header, number
        self.problems: list[RowProblem] = []

    def cell(self, column: str) -> Cell:
        position = self.header.positions.get(column)
        if position is None or position >= len(self.cells):
            return None
        return self.cells[position]

    def text(self, column: str) -> str:
        return text(self.cell(column))

    def problem(self, column: str, message: str) -> None:
        self.problems.append(RowProblem(self.number, column, message))

    def required(self, column: str) -> str:
        value = self.text(column)
        if not value:
            self.problem(column, f"{column}不能为空")
        return value


def parse_lines(
    rows: list[list[Cell]], header: Header, today: date
) -> tuple[list[PersonLine], list[RowProblem], int]:
    """Checked lines, problems, and how many data rows the sheet has (blank rows skipped)."""
    lines: list[PersonLine] = []
    problems: list[RowProblem] = []
    first_row_of: dict[str, int] = {}
    data_rows = 0
    for index in range(header.row_index + 1, len(rows)):
        cells = rows[index]
        if not any(text(c) for c in cells):
            continue
        data_rows += 1
        row = _Row(cells, header, index + 1)
        line = _check(row, today)
        if line is not None:
            seen = first_row_of.get(line.id_number)
            if seen is not None:
                row.problem(col.ID_NUMBER, f"与第{seen}行的身份证号重复")
                line = None
            else:
                first_row_of[line.id_number] = row.number
        problems.extend(row.problems)
        if line is not None and not row.problems:
            lines.append(line)
    return lines, problems, data_rows


def _check(row: _Row, today: date) -> PersonLine | None:
    name = "".join(row.required(col.NAME).split())
    if len(name) > MAX_NAME:
        row.problem(col.NAME, f"姓名不能超过{MAX_NAME}个字")
    id_number = _id_number(row)
    phone = None
    if phone_text := row.text(col.PHONE):
        phone = normalize_phone(phone_text)
        if phone is None:
            row.problem(col.PHONE, "手机号不是有效的中国大陆手机号码")
    born = _birth_date(row, id_number, today)
    relation_text = row.required(col.RELATION)
    relation = normalize_relation(relation_text) if relation_text else None
    if relation_text and relation is None:
        row.problem(col.RELATION, f"无法识别“{relation_text}”，可填：{'、'.join(RELATIONS)}")
    building = building_name(row.required(col.BUILDING))
    if len(building) > 50:
        row.problem(col.BUILDING, "楼栋名称不能超过50个字")
    unit = _unit(row)
    room, floor = room_and_floor(row.required(col.ROOM))
    if len(room) > 20:
        row.problem(col.ROOM, "房号不能超过20个字")
    if row.header.has(col.FLOOR) and (floor_text := typed_number(row.text(col.FLOOR))):
        if not ascii_digits(floor_text.lstrip("-")) or not -5 <= int(floor_text) <= 200:
            row.problem(col.FLOOR, "楼层应为整数")
        else:
            floor = int(floor_text)
    compound = row.text(col.COMPOUND) or None
    if compound and len(compound) > 100:
        row.problem(col.COMPOUND, "小区名称不能超过100个字")
    flags = _flags(row)
    if row.problems or id_number is None or born is None or relation is None or unit is None:
        return None
    return PersonLine(
        row.number, compound, building, unit, floor, room, name, relation, id_number, phone,
        born, flags,
    )  # fmt: skip


def _id_number(row: _Row) -> str | None:
    cell = row.cell(col.ID_NUMBER)
    if isinstance(cell, float) and cell >= 1e16:
        row.problem(col.ID_NUMBER, "身份证号被表格存成了数字，后几位已丢失：请把该列设为文本后重填")
        return None
    value = row.required(col.ID_NUMBER)
    if not value:
        return None
    problem = id_number_problem(value)
    if problem:
        row.problem(col.ID_NUMBER, problem)
        return None
    return normalize_id_number(value)


def _birth_date(row: _Row, id_number: str | None, today: date) -> date | None:
    given = None
    cell = row.cell(col.BIRTH_DATE)
    if text(cell):
        given = birth_date(cell)
        if given is None:
            row.problem(col.BIRTH_DATE, "出生日期格式无法识别，请填写如 1980-01-31")
            return None
    if id_number is None:
        return None
    problem = birth_date_problem(id_number, given, today)
    if problem:
        row.problem(col.BIRTH_DATE if given else col.ID_NUMBER, problem)
        return None
    return date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))


def _unit(row: _Row) -> int | None:
    value = row.text(col.UNIT)
    if not value:
        return 1
    unit = unit_number(value)
    if unit is None or not 1 <= unit <= 50:
        row.problem(col.UNIT, "单元应为1到50之间的数字")
        return None
    return unit


def _flags(row: _Row) -> dict[str, bool]:
    flags: dict[str, bool] = {}
    for column, attribute in col.FLAGS.items():
        if not row.header.has(column):
            continue
        value = row.text(column).lower()
        if value in _TRUE:
            flags[attribute] = True
        elif value in _FALSE:
            flags[attribute] = False
        else:
            row.problem(column, f"{column}应填“是”或“否”")
    return flags


def _letter(position: int) -> str:
    """0 → A, 25 → Z, 26 → AA: the column as the spreadsheet names it."""
    name = ""
    position += 1
    while position:
        position, rest = divmod(position - 1, 26)
        name = chr(ord("A") + rest) + name
    return name


def ignored_columns(rows: list[list[Cell]], header: Header) -> list[IgnoredColumn]:
    """Columns holding values that no known header claims (no header, or one not recognised)."""
    known = set(header.positions.values())
    labels = rows[header.row_index]
    found: dict[int, list[int]] = {}
    for index in range(header.row_index + 1, len(rows)):
        cells = rows[index]
        for position in range(len(cells)):
            if position not in known and text(cells[position]):
                found.setdefault(position, []).append(index + 1)
    return [
        IgnoredColumn(
            column=_letter(position),
            header=text(labels[position]) if position < len(labels) else "",
            rows=found_rows[:ROWS_LISTED],
            row_count=len(found_rows),
        )
        for position, found_rows in sorted(found.items())
    ]
