"""The round's schedule as a notice 通知 to the residents: published through the notices of the
operations context, which health may not import, so the assembly hands the publisher in
(`registry/wiring.py`). The same schedule published twice is one notice (its client id is derived
from the round and the text); a changed schedule is a new one."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from registry.health.testing_rounds import repository
from registry.health.testing_rounds.models import SamplingPoint, TestingRound
from registry.health.testing_rounds.schedule import BuildingSchedule, by_building, floors_text
from registry.health.testing_rounds.schemas import RoundNoticeRead
from registry.health.testing_rounds.service import visible_round
from shouhu_common.identity import Principal

TITLE_MAX = 100
BODY_MAX = 5000  # a notice's longest body
MORE = "……其余楼栋的时段见各楼栋张贴的海报。"


@dataclass(frozen=True, slots=True)
class NoticeDraft:
    client_id: uuid.UUID
    community_id: uuid.UUID
    title: str
    body: str


NoticePublisher = Callable[
    [AsyncSession, Principal, NoticeDraft, str], Awaitable[tuple[RoundNoticeRead, bool]]
]
_PUBLISHER: dict[str, NoticePublisher] = {}


def publish_notices_with(publisher: NoticePublisher) -> None:
    _PUBLISHER["publisher"] = publisher


def _hm(clock: object) -> str:
    return f"{clock:%H:%M}"


def schedule_body(
    row: TestingRound, points: Sequence[SamplingPoint], buildings: Sequence[BuildingSchedule]
) -> str:
    day = row.round_date
    head = [
        f"{day.month}月{day.day}日全员核酸检测，请按本楼栋时段到指定采样点排队，"
        "全程佩戴口罩，保持一米间距，提前打开核酸码。",
        "",
        "采样点：",
        *(
            f"· {p.name}{f'（{p.place}）' if p.place else ''} {_hm(p.opens_at)}–{_hm(p.closes_at)}"
            for p in points
        ),
        "",
        "各楼栋时段：",
    ]
    tail = ["", "居家隔离人员和行动不便的居民由工作人员上门采样，请在家等候，不要下楼。"]
    lines = list(head)
    budget = BODY_MAX - len("\n".join(head + tail)) - len(MORE) - 2
    for building in buildings:
        times = "；".join(
            f"{floors_text(s.slot.from_floor, s.slot.to_floor)} "
            f"{_hm(s.slot.starts_at)}–{_hm(s.slot.ends_at)} {s.point_name}"
            for s in building.slots
        )
        line = f"{building.name}：{times}"
        if len(line) + 1 > budget:
            lines.append(MORE)
            break
        budget -= len(line) + 1
        lines.append(line)
    return "\n".join(lines + tail)


async def publish_schedule(
    session: AsyncSession, principal: Principal, round_id: uuid.UUID, base_url: str
) -> tuple[RoundNoticeRead, bool]:
    """(the notice, created)"""
    row = await visible_round(session, principal, round_id)
    points = (await repository.points_of(session, [row.id]))[row.id]
    buildings = by_building(await repository.slots_of(session, row.id))
    title = f"{row.name} 采样时间安排"[:TITLE_MAX]
    body = schedule_body(row, points, buildings)
    draft = NoticeDraft(
        client_id=uuid.uuid5(row.id, f"{title}\n{body}"),
        community_id=row.community_id,
        title=title,
        body=body,
    )
    publisher = _PUBLISHER.get("publisher")
    if publisher is None:
        raise RuntimeError("no notice publisher: registry.wiring.wire_contexts() was not run")
    return await publisher(session, principal, draft, base_url)
