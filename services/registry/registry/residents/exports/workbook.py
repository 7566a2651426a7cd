"""The export workbook: a 居民 sheet with the import's own columns (a full export can be
imported again) and a 户 sheet, written by xlsxwriter in constant memory."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

import xlsxwriter

from shouhu_common.pii import PersonalDataCipher, mask_id_number, mask_phone

PEOPLE_COLUMNS = (
    "小区", "楼栋", "单元", "房号", "楼层", "姓名", "身份证号", "手机号", "与户主关系",
    "出生日期", "独居", "慢性病", "残疾", "孕期",
)  # fmt: skip
HOUSEHOLD_COLUMNS = ("小区", "楼栋", "单元", "楼层", "房号", "户卡号", "联系电话", "状态", "人数")
STATUS_ZH = {"normal": "正常", "home_quarantine": "居家隔离", "sealed": "封控"}


def _yes(flag: bool) -> str:
    return "是" if flag else "否"


class ExportWorkbook:
    def __init__(self, path: str, cipher: PersonalDataCipher, reveal: bool) -> None:
        self.book = xlsxwriter.Workbook(path, {"constant_memory": True})
        self.cipher, self.reveal = cipher, reveal
        bold = self.book.add_format({"bold": True})
        self.date_format = self.book.add_format({"num_format": "yyyy-mm-dd"})
        self.people = self.book.add_worksheet("居民")
        self.households = self.book.add_worksheet("户")
        self.people.write_row(0, 0, PEOPLE_COLUMNS, bold)
        self.households.write_row(0, 0, HOUSEHOLD_COLUMNS, bold)
        self.people.set_column(6, 6, 21)
        self.people.set_column(7, 7, 14)
        self.people_row = self.household_row = 0

    def _shown(self, blob: bytes | None, mask: Callable[[str], str]) -> str:
        if blob is None:
            return ""
        value = self.cipher.decrypt(blob)
        return value if self.reveal else mask(value)

    def add_people(self, rows: Sequence[Any]) -> None:
        sheet = self.people
        for r in rows:
            self.people_row += 1
            n = self.people_row
            # Text cells: ID numbers and phones must never become numbers in Excel.
            sheet.write_row(n, 0, (r[0], r[1], r[2]))
            sheet.write_string(n, 3, r[3])
            sheet.write_number(n, 4, r[4])
            sheet.write_string(n, 5, r[5])
            sheet.write_string(n, 6, self._shown(r[6], mask_id_number))
            sheet.write_string(n, 7, self._shown(r[7], mask_phone))
            sheet.write_string(n, 8, r[8])
            birth: date | None = r[9]
            if birth is not None:
                sheet.write_datetime(n, 9, birth, self.date_format)
            sheet.write_row(n, 10, (_yes(r[10]), _yes(r[11]), _yes(r[12]), _yes(r[13])))

    def add_households(self, rows: Sequence[Any]) -> None:
        sheet = self.households
        for r in rows:
            self.household_row += 1
            n = self.household_row
            sheet.write_row(n, 0, (r[0], r[1], r[2], r[3]))
            sheet.write_string(n, 4, r[4])
            sheet.write_string(n, 5, r[5])
            sheet.write_string(n, 6, self._shown(r[6], mask_phone))
            sheet.write_row(n, 7, (STATUS_ZH.get(r[7], r[7]), r[8]))

    def close(self) -> None:
        self.book.close()
