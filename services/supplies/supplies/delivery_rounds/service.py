"""Delivery rounds: twice a day by default, each with a cutoff and a capacity per partner. An order
for a closed or full round is refused with the next round that can still take it."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from shouhu_common.clock import utc_now
from shouhu_common.identity import Principal, Role
from supplies.access import community_scope
from supplies.delivery_rounds import repository
from supplies.delivery_rounds.errors import (
    DeliveryRoundExists,
    DeliveryRoundNotFound,
    RoundClosed,
    RoundFull,
    RoundUnavailable,
)
from supplies.delivery_rounds.models import DeliveryRound
from supplies.delivery_rounds.schemas import RoundCreate, RoundRead, RoundSchedule, RoundUpdate


@dataclass(frozen=True, slots=True)
class RoundDefaults:
    zone: ZoneInfo
    times: tuple[str, ...]
    cutoff_minutes: int
    capacity_per_partner: int


def round_read(r: DeliveryRound, now: datetime, partner_orders: int | None = None) -> RoundRead:
    is_open = not r.closed and r.cutoff_at > now
    return RoundRead(
        id=r.id,
        community_id=r.community_id,
        delivery_date=r.delivery_date,
        local_time=r.local_time,
        delivers_at=r.delivers_at,
        cutoff_at=r.cutoff_at,
        capacity_per_partner=r.capacity_per_partner,
        closed=r.closed,
        status="open" if is_open else "closed",
        partner_orders=partner_orders,
        partner_remaining=None
        if partner_orders is None
        else max(r.capacity_per_partner - partner_orders, 0),
    )


def _next_round_summary(r: DeliveryRound, zone: ZoneInfo) -> dict[str, Any]:
    return {
        "id": str(r.id),
        "delivery_date": r.delivery_date.isoformat(),
        "local_time": r.local_time,
        "delivers_at": r.delivers_at.isoformat(),
        "cutoff_at": r.cutoff_at.isoformat(),
        "local_cutoff": r.cutoff_at.astimezone(zone).strftime("%Y-%m-%d %H:%M"),
    }


async def load_visible_round(
    session: AsyncSession, principal: Principal, round_id: uuid.UUID
) -> DeliveryRound:
    found = await repository.get_round(session, round_id)
    if found is None or not principal.in_community(found.community_id):
        raise DeliveryRoundNotFound()
    return found


async def reserve_place(
    session: AsyncSession,
    round_id: uuid.UUID,
    community_id: uuid.UUID,
    partner_id: uuid.UUID,
    zone: ZoneInfo,
) -> DeliveryRound:
    """Takes one place of the partner's capacity in the round, or refuses with the next round."""
    found = await repository.get_round(session, round_id)
    if found is None or found.community_id != community_id:
        raise DeliveryRoundNotFound()
    now = utc_now()
    if found.closed or found.cutoff_at <= now:
        raise await _refusal(session, found, partner_id, now, zone, full=False)
    if not await repository.reserve_place(session, found, partner_id):
        raise await _refusal(session, found, partner_id, now, zone, full=True)
    return found


async def refusal(
    session: AsyncSession, round_id: uuid.UUID, partner_id: uuid.UUID, zone: ZoneInfo, *, full: bool
) -> Exception:
    """Why the round takes no order of the partner (closed or full), with the next that can."""
    found = await repository.get_round(session, round_id)
    if found is None:
        return DeliveryRoundNotFound()
    return await _refusal(session, found, partner_id, utc_now(), zone, full=full)


async def _refusal(
    session: AsyncSession,
    found: DeliveryRound,
    partner_id: uuid.UUID,
    now: datetime,
    zone: ZoneInfo,
    *,
    full: bool,
) -> RoundUnavailable:
    next_round = await _next_available(session, found, partner_id, now, zone)
    if not full:
        return RoundClosed(
            f"orders for the {found.delivery_date} {found.local_time} round closed at "
            f"{found.cutoff_at.astimezone(zone):%H:%M}",
            next_round,
        )
    return RoundFull(
        f"the {found.delivery_date} {found.local_time} round is full for this partner "
        f"({found.capacity_per_partner} orders)",
        next_round,
    )


async def _next_available(
    session: AsyncSession,
    refused: DeliveryRound,
    partner_id: uuid.UUID,
    now: datetime,
    zone: ZoneInfo,
) -> dict[str, Any] | None:
    for candidate, load in await repository.open_rounds_after(
        session, refused.community_id, partner_id, now
    ):
        if candidate.id != refused.id and load < candidate.capacity_per_partner:
            return _next_round_summary(candidate, zone)
    return None


async def release_place(
    session: AsyncSession, community_id: uuid.UUID, round_id: uuid.UUID, partner_id: uuid.UUID
) -> None:
    await repository.release_place(session, community_id, round_id, partner_id)


def _build_round(
    community_id: uuid.UUID,
    day: date,
    local_time: str,
    cutoff_minutes: int,
    capacity: int,
    zone: ZoneInfo,
) -> DeliveryRound:
    hour, minute = (int(p) for p in local_time.split(":"))
    delivers_at = datetime.combine(day, time(hour, minute), tzinfo=zone).astimezone(UTC)
    return DeliveryRound(
        id=uuid.uuid4(),
        community_id=community_id,
        delivery_date=day,
        local_time=local_time,
        delivers_at=delivers_at,
        cutoff_at=delivers_at - timedelta(minutes=cutoff_minutes),
        capacity_per_partner=capacity,
        closed=False,
    )


async def create_round(
    session: AsyncSession, principal: Principal, data: RoundCreate, defaults: RoundDefaults
) -> RoundRead:
    if not principal.in_community(data.community_id):
        raise DeliveryRoundNotFound("unknown community")
    new = _build_round(
        data.community_id,
        data.delivery_date,
        data.local_time,
        defaults.cutoff_minutes if data.cutoff_minutes is None else data.cutoff_minutes,
        data.capacity_per_partner or defaults.capacity_per_partner,
        defaults.zone,
    )
    if await repository.find_round(session, data.community_id, new.delivers_at):
        raise DeliveryRoundExists()
    session.add(new)
    try:
        await session.commit()
    except IntegrityError as exc:
        await session.rollback()
        raise DeliveryRoundExists() from exc
    return round_read(new, utc_now())


async def schedule_rounds(
    session: AsyncSession, principal: Principal, data: RoundSchedule, defaults: RoundDefaults
) -> list[RoundRead]:
    """Opens the default rounds of each day; rounds that already exist are kept as they are."""
    if not principal.in_community(data.community_id):
        raise DeliveryRoundNotFound("unknown community")
    rounds = []
    for offset in range(data.days):
        day = data.first_date + timedelta(days=offset)
        for local_time in defaults.times:
            new = _build_round(
                data.community_id,
                day,
                local_time,
                defaults.cutoff_minutes,
                defaults.capacity_per_partner,
                defaults.zone,
            )
            existing = await repository.find_round(session, data.community_id, new.delivers_at)
            if existing is None:
                session.add(new)
            rounds.append(existing or new)
    try:
        await session.commit()
    except IntegrityError as exc:  # a concurrent call opened the same day: it did the work
        await session.rollback()
        raise DeliveryRoundExists("these rounds were opened at the same moment; list them") from exc
    now = utc_now()
    return [round_read(r, now) for r in rounds]


async def list_rounds(
    session: AsyncSession,
    principal: Principal,
    community_id: uuid.UUID | None,
    first: date,
    last: date,
    partner_id: uuid.UUID | None,
) -> list[RoundRead]:
    scope = community_scope(principal)
    if community_id is not None:
        scope = [community_id] if scope is None or community_id in scope else []
    if principal.role == Role.partner:
        partner_id = principal.partner_id
    rounds = await repository.list_rounds(
        session, scope, first, min(last, first + timedelta(days=62))
    )
    now = utc_now()
    if partner_id is None:
        return [round_read(r, now) for r in rounds]
    counts = await repository.loads(session, rounds, partner_id)
    return [round_read(r, now, counts.get(r.id, 0)) for r in rounds]


async def get_round(session: AsyncSession, principal: Principal, round_id: uuid.UUID) -> RoundRead:
    found = await load_visible_round(session, principal, round_id)
    if principal.role == Role.partner and principal.partner_id is not None:
        counts = await repository.loads(session, [found], principal.partner_id)
        return round_read(found, utc_now(), counts.get(found.id, 0))
    return round_read(found, utc_now())


async def update_round(
    session: AsyncSession, principal: Principal, round_id: uuid.UUID, data: RoundUpdate
) -> RoundRead:
    found = await load_visible_round(session, principal, round_id)
    if data.capacity_per_partner is not None:
        found.capacity_per_partner = data.capacity_per_partner
    if data.closed is not None:
        found.closed = data.closed
    await session.commit()
    return round_read(found, utc_now())
