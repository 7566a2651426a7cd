"""Reading a lab's result sheet (XLSX or CSV): columns 管码 / tube and 结果 / result, the
people import's reader underneath."""

from __future__ import annotations

from dataclasses import dataclass

from registry.health.sampling.models import TubeResult
from registry.residents.imports.errors import ImportFileInvalid
from registry.residents.imports.reader import Cell, read_rows

HEADER_SEARCH_ROWS = 10
MAX_ROWS = 50_000
BARCODE, RESULT = "管码", "结果"
_HEADERS = {
    BARCODE: ("管码", "试管编码", "试管条码", "条码", "采样管码", "tube", "barcode", "tubebarcode"),
    RESULT: ("结果", "检测结果", "核酸结果", "result"),
}
_LOOKUP = {alias: column for column, aliases in _HEADERS.items() for alias in aliases}
_RESULTS = {
    "阴性": TubeResult.negative,
    "negative": TubeResult.negative,
    "neg": TubeResult.negative,
    "-": TubeResult.negative,
    "阳性": TubeResult.positive,
    "positive": TubeResult.positive,
    "pos": TubeResult.positive,
    "+": TubeResult.positive,
    "无效": TubeResult.invalid,
    "invalid": TubeResult.invalid,
}


@dataclass(frozen=True, slots=True)
class ResultLine:
    row: int  # as the spreadsheet shows it (1-based)
    barcode: str
    result: TubeResult | None  # None: unreadable (reported)
    raw_result: str


def _label(cell: Cell) -> str:
    return "".join(str(cell).split()).strip("*＊:：").lower()


def _text(cell: Cell) -> str:
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))  # a barcode of digits read as a number by the spreadsheet
    return str(cell).strip()


def read_result(value: str) -> TubeResult | None:
    return _RESULTS.get("".join(value.split()).lower())


def read_sheet(filename: str, data: bytes) -> list[ResultLine]:
    rows = read_rows(filename, data)
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        positions: dict[str, int] = {}
        for position, cell in enumerate(row):
            column = _LOOKUP.get(_label(cell))
            if column is not None and column not in positions:
                positions[column] = position
        if len(positions) == len(_HEADERS):
            return _lines(rows, index, positions)
    raise ImportFileInvalid(
        f"前{HEADER_SEARCH_ROWS}行中找不到表头：需要“{BARCODE}”（tube）和“{RESULT}”（result）两列"
    )


def _lines(rows: list[list[Cell]], header: int, positions: dict[str, int]) -> list[ResultLine]:
    if len(rows) - header - 1 > MAX_ROWS:
        raise ImportFileInvalid(f"一次最多导入{MAX_ROWS}行，请拆分文件")
    lines: list[ResultLine] = []
    for index in range(header + 1, len(rows)):
        row = rows[index]
        barcode, raw = (
            _text(row[p]) if p < len(row) else "" for p in (positions[BARCODE], positions[RESULT])
        )
        if not barcode and not raw:
            continue
        lines.append(ResultLine(index + 1, barcode, read_result(raw), raw))
    if not lines:
        raise ImportFileInvalid("表头下没有数据行")
    return lines
