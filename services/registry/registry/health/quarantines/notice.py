"""The printable door notice (居家隔离告知) of a home quarantine: one A4 page in Chinese.

It names the address and dates only, never the residents: it hangs in a stairwell. fpdf2 embeds
a subset of Noto Sans CJK SC; without a CJK font the notice is refused (503) rather than printed
as empty boxes. Rendering takes ~0.5 s of CPU, so it runs in a worker thread.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import date

from fpdf import FPDF

from registry.health.quarantines.errors import NoticeFontMissing
from registry.printing import cjk_font

FONT = "NotoSansCJKSC"


@dataclass(frozen=True, slots=True)
class NoticeText:
    community: str
    subdistrict: str
    address: str
    start_date: date
    planned_end_date: date
    whole_household: bool
    fever_threshold: float
    issued_on: date


def _day(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def render_notice(text: NoticeText) -> bytes:
    font = cjk_font()
    if font is None:
        raise NoticeFontMissing("install fonts-noto-cjk (Debian) on the registry's host")
    path, index = font
    pdf = FPDF(format="A4")
    pdf.set_title("居家隔离告知")
    pdf.set_margins(20, 20, 20)
    pdf.add_font(family=FONT, fname=str(path), collection_font_number=index)
    pdf.add_page()
    pdf.set_font(FONT, size=44)
    pdf.cell(0, 30, "居家隔离", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, size=26)
    pdf.cell(0, 16, "请勿打扰 · 谢绝来访", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(10)
    who = "本户" if text.whole_household else "本户有人员"
    pdf.set_font(FONT, size=16)
    pdf.multi_cell(0, 10, f"住址：{text.address}", new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(
        0,
        10,
        f"{who}正在居家隔离观察，隔离期自 {_day(text.start_date)} 起，"
        f"预计至 {_day(text.planned_end_date)} 止（如有调整，以社区通知为准）。",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(6)
    pdf.set_font(FONT, size=14)
    rules = [
        "隔离期间请勿外出，谢绝亲友来访。",
        "社区工作人员每天上午、下午各随访一次，测量体温。",
        "生活物资由社区或合作商户配送到门口，请在送达后开门取用。",
        f"如出现发热（体温≥{text.fever_threshold:.1f}℃）、咳嗽、乏力等症状，请立即联系社区。",
        "垃圾请装袋封口后放在门外指定位置，由社区统一收运。",
    ]
    for n, rule in enumerate(rules, start=1):
        pdf.multi_cell(0, 9, f"{n}. {rule}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(14)
    pdf.set_font(FONT, size=14)
    signer = f"{text.subdistrict} {text.community}".strip()
    pdf.cell(0, 9, signer, align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, 9, _day(text.issued_on), align="R", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


async def render_notice_async(text: NoticeText) -> bytes:
    return await asyncio.to_thread(render_notice, text)
