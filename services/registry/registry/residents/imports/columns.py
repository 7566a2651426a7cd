"""The columns of a community's people spreadsheet, as offices name them."""

from __future__ import annotations

from dataclasses import dataclass

from registry.residents.imports.errors import ImportFileInvalid
from registry.residents.imports.reader import Cell

NAME, ID_NUMBER, PHONE, BUILDING, UNIT, ROOM, RELATION = (
    "姓名",
    "身份证号",
    "手机号",
    "楼栋",
    "单元",
    "房号",
    "与户主关系",
)
COMPOUND, FLOOR, BIRTH_DATE = "小区", "楼层", "出生日期"
LIVES_ALONE, CHRONIC, DISABILITY, PREGNANT = "独居", "慢性病", "残疾", "孕期"

REQUIRED = (NAME, ID_NUMBER, BUILDING, ROOM, RELATION)
OPTIONAL = (PHONE, UNIT, COMPOUND, FLOOR, BIRTH_DATE, LIVES_ALONE, CHRONIC, DISABILITY, PREGNANT)
FLAGS = {LIVES_ALONE: "lives_alone", CHRONIC: "chronic_illness", DISABILITY: "disability",
         PREGNANT: "pregnant"}  # fmt: skip

ALIASES = {
    NAME: ("姓名", "居民姓名", "户主姓名及成员"),
    ID_NUMBER: ("身份证号", "身份证号码", "公民身份号码", "身份证", "证件号码", "证件号"),
    PHONE: ("手机号", "手机号码", "手机", "联系电话", "联系方式", "电话"),
    BUILDING: ("楼栋", "楼栋号", "楼号", "栋", "幢"),
    UNIT: ("单元", "单元号"),
    ROOM: ("房号", "房间号", "门牌号", "室", "户号"),
    RELATION: ("与户主关系", "与户主的关系", "关系"),
    COMPOUND: ("小区", "小区名称", "所在小区"),
    FLOOR: ("楼层", "层"),
    BIRTH_DATE: ("出生日期", "出生年月日", "生日"),
    LIVES_ALONE: ("独居", "是否独居", "独居老人"),
    CHRONIC: ("慢性病", "是否有慢性病", "基础病", "患慢性病"),
    DISABILITY: ("残疾", "是否残疾", "残疾人"),
    PREGNANT: ("孕期", "孕妇", "是否孕期", "怀孕"),
}
_LOOKUP = {alias: column for column, aliases in ALIASES.items() for alias in aliases}
HEADER_SEARCH_ROWS = 10  # title rows (社区居民登记表…) may sit above the header


def _label(cell: Cell) -> str:
    return "".join(str(cell).split()).strip("*＊:：")


@dataclass(frozen=True, slots=True)
class Header:
    row_index: int  # 0-based index of the header row
    positions: dict[str, int]  # column name → 0-based cell position

    def has(self, column: str) -> bool:
        return column in self.positions


def find_header(rows: list[list[Cell]]) -> Header:
    """The first row that names 姓名; it must name every required column too."""
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        positions: dict[str, int] = {}
        for position, cell in enumerate(row):
            column = _LOOKUP.get(_label(cell))
            if column is not None and column not in positions:
                positions[column] = position
        if NAME in positions:
            missing = [c for c in REQUIRED if c not in positions]
            if missing:
                raise ImportFileInvalid(
                    f"第{index + 1}行表头缺少必填列：{'、'.join(missing)}。"
                    f"必填列为 {' '.join(REQUIRED)}，可选列为 {' '.join(OPTIONAL)}"
                )
            return Header(index, positions)
    raise ImportFileInvalid(
        f"前{HEADER_SEARCH_ROWS}行中找不到表头（需要包含“姓名”列）。必填列为 {' '.join(REQUIRED)}"
    )
