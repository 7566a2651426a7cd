"""The printable A4 poster of a notice, for notice boards and lift doors: the title large, the
body, the date, and a QR code that opens the notice in the PWA. A long body runs onto more pages;
the QR code stands at the foot of the last one."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime

from fpdf import FPDF

from registry.operations.notices.errors import PosterFontMissing
from registry.printing import cjk_font, draw_qr

FONT = "cjk"
MARGIN = 20.0
QR_SIZE = 45.0
FOOT = QR_SIZE + 25.0  # kept free at the bottom of each page: the QR and its caption


@dataclass(frozen=True, slots=True)
class PosterText:
    community: str
    title: str
    body: str
    published_local: datetime
    expires_local: datetime | None
    url: str


def _day(d: datetime) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def render_poster(text: PosterText) -> bytes:
    font = cjk_font()
    if font is None:
        raise PosterFontMissing("install fonts-noto-cjk (make install does it on Debian)")
    path, index = font
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_title(text.title)
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(True, margin=FOOT)
    pdf.add_font(FONT, fname=str(path), collection_font_number=index)
    pdf.add_page()
    pdf.set_font(FONT, size=16)
    pdf.cell(0, 10, f"{text.community} 通知", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font(FONT, size=26)
    pdf.multi_cell(0, 13, text.title, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.set_font(FONT, size=16)
    for paragraph in text.body.splitlines() or [""]:
        pdf.multi_cell(0, 9.5, paragraph, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(8)
    pdf.set_font(FONT, size=13)
    pdf.cell(0, 8, text.community, align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, 8, _day(text.published_local), align="R", new_x="LMARGIN", new_y="NEXT")
    if text.expires_local is not None:
        until = f"有效期至 {_day(text.expires_local)} {text.expires_local:%H:%M}"
        pdf.cell(0, 8, until, align="R", new_x="LMARGIN", new_y="NEXT")
    top = pdf.h - MARGIN - QR_SIZE - 8
    draw_qr(pdf, text.url, (pdf.w - QR_SIZE) / 2, top, QR_SIZE)
    pdf.set_auto_page_break(False)
    pdf.set_xy(MARGIN, top + QR_SIZE)
    pdf.set_font(FONT, size=11)
    pdf.cell(0, 6, "扫码查看通知全文", align="C", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


async def render_poster_async(text: PosterText) -> bytes:
    """About half a second of CPU (font subsetting): off the event loop."""
    return await asyncio.to_thread(render_poster, text)
