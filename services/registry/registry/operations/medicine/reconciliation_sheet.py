"""A run's reconciliation as a one-sheet workbook, for the office's accounts: one line per
request, then the totals. Amounts in yuan (the API's fen / 100)."""

from __future__ import annotations

import io

import xlsxwriter

from registry.operations.medicine.schemas import Reconciliation

STATUS = {"collected": "已配到", "partly": "部分配到", "not_available": "无药", "in_run": "待取药"}
REPAYMENT = {"pending": "待还款", "paid_back": "已还款", "waived": "免除"}
COLUMNS = ("姓名", "药品", "结果", "垫付(元)", "收据号", "还款")


def _yuan(fen: int | None) -> float | str:
    return round(fen / 100, 2) if fen is not None else ""


def reconciliation_workbook(r: Reconciliation) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    bold = book.add_format({"bold": True})
    sheet = book.add_worksheet("代配药对账")
    sheet.write_row(0, 0, [f"{r.hospital} {r.run_date.isoformat()} 代配人 {r.worker_name}"], bold)
    sheet.write_row(1, 0, COLUMNS, bold)
    row = 2
    for line in r.lines:
        values = [
            line.person_name,
            line.medicine_name,
            STATUS.get(line.status, line.status),
            _yuan(line.amount_paid_fen),
            line.receipt_number,
            REPAYMENT[line.repayment],
        ]
        sheet.write_row(row, 0, values)
        row += 1
    totals = (
        ("垫付合计", r.paid_fen),
        ("已还", r.repaid_fen),
        ("免除", r.waived_fen),
        ("未还", r.outstanding_fen),
    )
    for label, fen in totals:
        row += 1
        sheet.write_row(row, 0, [label, "", "", _yuan(fen)], bold)
    book.close()
    return out.getvalue()
