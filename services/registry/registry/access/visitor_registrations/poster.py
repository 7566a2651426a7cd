"""A gate's poster 访客自助登记 for its wall: the QR code of the public form with the gate's token,
in large type, one A4 page. Names nobody."""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass

from fpdf import FPDF
from sqlalchemy.ext.asyncio import AsyncSession

from registry.access.visitor_registrations.errors import PosterFontMissing
from registry.access.visitor_registrations.service import form_url, poster_token
from registry.printing import cjk_font, draw_qr
from registry.residents.communities.repository import get_community
from shouhu_common.identity import Principal

FONT = "cjk"
QR_SIZE = 120  # mm: a phone reads it from two metres


@dataclass(frozen=True, slots=True)
class PosterText:
    community: str
    gate: str
    form_url: str


def render_poster(text: PosterText) -> bytes:
    font = cjk_font()
    if font is None:
        raise PosterFontMissing("install fonts-noto-cjk (make install does it on Debian)")
    path, index = font
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_title(f"{text.gate} 访客自助登记")
    pdf.set_margins(18, 18, 18)
    pdf.add_font(FONT, fname=str(path), collection_font_number=index)
    pdf.add_page()
    pdf.set_font(FONT, size=16)
    pdf.cell(0, 10, f"{text.community} · {text.gate}", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, size=36)
    pdf.cell(0, 20, "访客自助登记", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, size=16)
    pdf.cell(0, 10, "请用手机扫码，填写后到卡口测温", align="C", new_x="LMARGIN", new_y="NEXT")
    y = pdf.get_y() + 4
    draw_qr(pdf, text.form_url, (pdf.w - QR_SIZE) / 2, y, QR_SIZE)
    pdf.set_y(y + QR_SIZE + 4)
    pdf.set_font(FONT, size=14)
    for rule in (
        "扫码登记姓名、手机号和来访事由，无需注册。",
        "登记后到卡口出示手机，测温确认后方可进入；仅扫码不算通过卡口。",
        "登记两小时内有效。手机号加密保存，值守人员只看到部分号码。",
    ):
        pdf.multi_cell(0, 8, f"· {rule}", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


async def gate_poster(
    session: AsyncSession, principal: Principal, gate_id: uuid.UUID, base_url: str
) -> bytes:
    """With the gate's current token (made on first use)."""
    gate, token = await poster_token(session, principal, gate_id, rotate=False)
    community = await get_community(session, gate.community_id)
    text = PosterText(
        community=community.name if community else "",
        gate=gate.name,
        form_url=form_url(base_url, token.token),
    )
    return await asyncio.to_thread(render_poster, text)  # font subsetting takes a while
