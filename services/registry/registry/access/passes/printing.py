"""Printable pass cards (fpdf2): one per A6 page, or 8 per A4 sheet to cut, in Chinese with an
embedded subset of Noto Sans CJK, each with its QR code drawn as vector modules from segno's
matrix (crisp on any printer)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from fpdf import FPDF

from registry.access.passes.errors import CjkFontMissing
from registry.access.passes.schemas import PrintLayout
from registry.printing import cjk_font, draw_qr


@dataclass(frozen=True, slots=True)
class Card:
    community_name: str
    address: str
    number: str
    token: str
    valid_until: datetime
    holder: str  # masked name for a personal pass, "" for a household pass
    rule_text: str


def _card(pdf: FPDF, card: Card, x: float, y: float, w: float, h: float, zone: ZoneInfo) -> None:
    pad = 4.0
    pdf.set_draw_color(160, 160, 160)
    pdf.set_line_width(0.2)
    pdf.rect(x + 1, y + 1, w - 2, h - 2)
    qr_size = min(h - 2 * pad - 14, w * 0.48) if h < w else w - 2 * pad - 20
    text_w = w - 2 * pad - (qr_size + 2 if h < w else 0)
    pdf.set_xy(x + pad, y + pad)
    pdf.set_font("cjk", size=13)
    pdf.cell(text_w, 7, f"{card.community_name} 出入证", new_x="LMARGIN", new_y="NEXT")
    pdf.set_x(x + pad)
    pdf.set_font("cjk", size=11)
    pdf.multi_cell(text_w, 5.5, card.address, align="L", new_x="LEFT", new_y="NEXT")
    pdf.set_x(x + pad)
    pdf.set_font("cjk", size=10)
    pdf.cell(text_w, 5.5, f"证号 {card.number}", new_x="LEFT", new_y="NEXT")
    if card.holder:
        pdf.set_x(x + pad)
        pdf.cell(text_w, 5.5, f"持证人 {card.holder}", new_x="LEFT", new_y="NEXT")
    until = card.valid_until.astimezone(zone)
    pdf.set_x(x + pad)
    pdf.cell(text_w, 5.5, f"有效期至 {until:%Y-%m-%d %H:%M}", new_x="LEFT", new_y="NEXT")
    pdf.set_x(x + pad)
    pdf.set_font("cjk", size=7)
    pdf.multi_cell(text_w, 3.6, card.rule_text, align="L", new_x="LEFT", new_y="NEXT")
    if h < w:
        draw_qr(pdf, card.token, x + w - pad - qr_size, y + pad + 6, qr_size)
    else:
        draw_qr(pdf, card.token, x + (w - qr_size) / 2, y + h - pad - qr_size - 4, qr_size)


def render_cards(cards: list[Card], layout: PrintLayout, zone: ZoneInfo) -> bytes:
    font = cjk_font()
    if font is None:
        raise CjkFontMissing("install fonts-noto-cjk (make install does it on Debian)")
    font_path, index = font
    if layout == PrintLayout.a6:
        pdf = FPDF(orientation="P", unit="mm", format=(105.0, 148.0))  # A6
    else:
        pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_margins(0, 0, 0)
    pdf.add_font("cjk", fname=str(font_path), collection_font_number=index)
    pdf.set_title("出入证")
    if not cards:
        pdf.add_page()
        pdf.set_font("cjk", size=12)
        pdf.text(10, 20, "本楼栋暂无有效出入证")
    per_page = 1 if layout == PrintLayout.a6 else 8
    w, h = (105.0, 148.0) if layout == PrintLayout.a6 else (105.0, 74.25)
    for i, card in enumerate(cards):
        slot = i % per_page
        if slot == 0:
            pdf.add_page()
        _card(pdf, card, (slot % 2) * w, (slot // 2) * h, w, h, zone)
    return bytes(pdf.output())
