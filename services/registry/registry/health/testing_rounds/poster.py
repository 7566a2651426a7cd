"""A building's poster 楼栋采样时间表 for its door and lift: the round, each slot of the building
(floors, time, point and where it is) in large type, one A4 page. Names nobody."""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass
from datetime import date

from fpdf import FPDF
from fpdf.fonts import FontFace
from sqlalchemy.ext.asyncio import AsyncSession

from registry.health.testing_rounds import repository
from registry.health.testing_rounds.errors import RoundBuildingNotFound, RoundPosterFontMissing
from registry.health.testing_rounds.schedule import building_name, floors_text, slot_in_scope
from registry.health.testing_rounds.service import visible_round
from registry.printing import cjk_font
from registry.residents.assignments.scope import scope_of
from registry.residents.communities import repository as communities
from shouhu_common.identity import Principal

FONT = "cjk"


@dataclass(frozen=True, slots=True)
class PosterLine:
    floors: str
    time: str
    point: str
    place: str


@dataclass(frozen=True, slots=True)
class PosterText:
    community: str
    round_name: str
    round_date: date
    building: str
    lines: list[PosterLine]


def render_poster(text: PosterText) -> bytes:
    font = cjk_font()
    if font is None:
        raise RoundPosterFontMissing("install fonts-noto-cjk (make install does it on Debian)")
    path, index = font
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_title(f"{text.building} 核酸采样时间")
    pdf.set_margins(18, 20, 18)
    pdf.add_font(FONT, fname=str(path), collection_font_number=index)
    pdf.add_page()
    pdf.set_font(FONT, size=16)
    pdf.cell(
        0, 10, f"{text.community} · {text.round_name}", align="C", new_x="LMARGIN", new_y="NEXT"
    )
    pdf.set_font(FONT, size=34)
    pdf.cell(0, 20, f"{text.building} 核酸采样", align="C", new_x="LMARGIN", new_y="NEXT")
    day = text.round_date
    pdf.set_font(FONT, size=18)
    pdf.cell(
        0, 12, f"{day.year}年{day.month}月{day.day}日", align="C", new_x="LMARGIN", new_y="NEXT"
    )
    pdf.ln(6)
    plain = FontFace(emphasis="")  # the CJK font has no bold face
    with pdf.table(
        col_widths=(22, 30, 48), line_height=12, text_align="CENTER", headings_style=plain
    ) as table:
        header = table.row()
        for title in ("楼层", "时间", "采样点"):
            header.cell(title)
        for line in text.lines or [PosterLine("—", "—", "本楼栋暂无时段", "")]:
            row = table.row()
            row.cell(line.floors)
            row.cell(line.time)
            row.cell(f"{line.point}\n{line.place}" if line.place else line.point)
    pdf.ln(8)
    pdf.set_font(FONT, size=14)
    for rule in (
        "请按本楼层时段下楼，不要提前聚集；全程佩戴口罩，保持一米间距。",
        "请提前打开核酸码或携带身份证。",
        "居家隔离和行动不便的居民由工作人员上门采样，请在家等候。",
    ):
        pdf.multi_cell(0, 8, f"· {rule}", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


async def building_poster(
    session: AsyncSession, principal: Principal, round_id: uuid.UUID, building_id: uuid.UUID
) -> bytes:
    """A grid worker prints the posters of their own buildings only."""
    row = await visible_round(session, principal, round_id)
    names = await repository.building_of(session, row.community_id, building_id)
    scope = await scope_of(session, principal)
    slots = [
        s
        for s in await repository.slots_of(session, row.id, building_id)
        if slot_in_scope(scope, row.community_id, s)
    ]
    whole = scope.admits(row.community_id, building_id)
    if names is None or not (whole or slots):
        raise RoundBuildingNotFound()
    community = await communities.get_community(session, row.community_id)
    places = {p.id: p.place for p in (await repository.points_of(session, [row.id]))[row.id]}
    slots.sort(key=lambda s: (s.slot.from_floor, s.slot.starts_at))
    text = PosterText(
        community=community.name if community else "",
        round_name=row.name,
        round_date=row.round_date,
        building=building_name(*names),
        lines=[
            PosterLine(
                floors_text(s.slot.from_floor, s.slot.to_floor),
                f"{s.slot.starts_at:%H:%M}–{s.slot.ends_at:%H:%M}",
                s.point_name,
                places.get(s.slot.point_id, ""),
            )
            for s in slots
        ],
    )
    return await asyncio.to_thread(render_poster, text)  # ~0.5 s of font subsetting
