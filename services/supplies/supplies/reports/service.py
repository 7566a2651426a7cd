"""The supplies part of the daily report (日报) and of the staff dashboard: orders delivered and
undelivered, community stock given out, per community and local day, computed from the records
on each call. The day is local to the service's time zone (that of its delivery rounds)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from shouhu_common.identity import Principal, Role
from supplies.household_directory.errors import CommunityNotFound
from supplies.reports import repository
from supplies.reports.errors import CommunityUnclear, ReportDayInFuture
from supplies.reports.schemas import (
    RoundProgress,
    StockDistributed,
    SuppliesDailyReport,
    SuppliesDashboard,
    SuppliesDayFigures,
    SuppliesHour,
)

HOURS = 24


def _bounds(day: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time(0), zone).astimezone(UTC)
    return start, datetime.combine(day + timedelta(days=1), time(0), zone).astimezone(UTC)


def _scope(principal: Principal, community_id: uuid.UUID | None) -> list[uuid.UUID] | None:
    """None: every community (an admin not naming one). Another's community is 404."""
    if community_id is not None:
        if not principal.in_community(community_id):
            raise CommunityNotFound()
        return [community_id]
    return None if principal.role == Role.admin else list(principal.community_ids)


async def _figures(
    session: AsyncSession, ids: list[uuid.UUID] | None, day: date, zone: ZoneInfo
) -> tuple[list[SuppliesDayFigures], dict[uuid.UUID, list[RoundProgress]]]:
    start, end = _bounds(day, zone)
    placed = await repository.orders_placed(session, ids, start, end)
    delivered = await repository.deliveries(session, ids, start, end)
    reached = await repository.households_reached(session, ids, start, end)
    rounds: dict[uuid.UUID, list[RoundProgress]] = {}
    for c, round_id, local_time, at, orders, undelivered in await repository.rounds_progress(
        session, ids, day
    ):
        rounds.setdefault(c, []).append(
            RoundProgress(
                round_id=round_id,
                local_time=local_time,
                delivers_at=at,
                orders=int(orders),
                undelivered=int(undelivered),
            )
        )
    stock: dict[uuid.UUID, list[StockDistributed]] = {}
    for c, item_id, name, unit, quantity in await repository.stock_distributed(
        session, ids, start, end
    ):
        stock.setdefault(c, []).append(
            StockDistributed(stock_item_id=item_id, name=name, unit=unit, quantity=int(quantity))
        )
    if ids is None:
        seen = set(placed) | set(delivered) | set(reached) | set(rounds) | set(stock)
        ids = sorted(seen, key=str)
    figures = [
        SuppliesDayFigures(
            community_id=c,
            orders_placed=placed.get(c, 0),
            orders_delivered=delivered.get(c, (0, 0, 0))[0],
            orders_delivered_gate=delivered.get(c, (0, 0, 0))[1],
            orders_delivered_door=delivered.get(c, (0, 0, 0))[2],
            orders_undelivered=sum(r.undelivered for r in rounds.get(c, [])),
            households_reached=reached.get(c, 0),
            stock_distributed=stock.get(c, []),
        )
        for c in ids
    ]
    return figures, rounds


async def daily_report(
    session: AsyncSession,
    principal: Principal,
    day: date | None,
    community_id: uuid.UUID | None,
    zone: ZoneInfo,
    now: datetime,
) -> SuppliesDailyReport:
    """Refused for a day after today; today's figures are those so far."""
    today = now.astimezone(zone).date()
    day = day or today
    if day > today:
        raise ReportDayInFuture(f"{day} is after today ({today}, {zone.key}): no figures yet")
    figures, _ = await _figures(session, _scope(principal, community_id), day, zone)
    return SuppliesDailyReport(date=day, time_zone=zone.key, communities=figures)


def _one(principal: Principal, community_id: uuid.UUID | None) -> uuid.UUID:
    if community_id is None:
        if principal.role == Role.admin or len(principal.community_ids) != 1:
            raise CommunityUnclear("you work in several communities: name one (community_id)")
        return principal.community_ids[0]
    if not principal.in_community(community_id):
        raise CommunityNotFound()
    return community_id


def _hours(start: datetime, zone: ZoneInfo, delivered: dict[int, int]) -> list[SuppliesHour]:
    return [
        SuppliesHour(
            hour=(start + timedelta(hours=h)).astimezone(zone), orders_delivered=delivered.get(h, 0)
        )
        for h in range(HOURS)
    ]


async def dashboard(
    session: AsyncSession,
    principal: Principal,
    community_id: uuid.UUID | None,
    zone: ZoneInfo,
    now: datetime,
) -> SuppliesDashboard:
    community = _one(principal, community_id)
    day = now.astimezone(zone).date()
    (today,), rounds = await _figures(session, [community], day, zone)
    start, _ = _bounds(day, zone)
    bounds: Sequence[datetime] = [start + timedelta(hours=h) for h in range(HOURS + 1)]
    delivered = await repository.delivery_hours(session, community, bounds)
    return SuppliesDashboard(
        community_id=community,
        date=day,
        today=today,
        rounds=rounds.get(community, []),
        hours=_hours(start, zone, delivered),
    )
