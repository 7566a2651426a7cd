"""What a placement reads before it writes, in one statement through the driver (see
shouhu_common/driver_reads.py): a retried request's record, the partner, the household's address and
delivery status, the round, the items. Six lookups by key were six round trips of ~0.1 ms of CPU
each. UUIDs come back as `uuid.UUID`s: they are compared with the caller's communities."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import NamedTuple

from sqlalchemy import String, and_, bindparam, literal, select
from sqlalchemy.ext.asyncio import AsyncSession

from shouhu_common.database import UUID
from shouhu_common.driver_reads import DriverSelect
from supplies.catalog.models import CatalogItem
from supplies.delivery_rounds.models import DeliveryRound
from supplies.household_directory.models import HouseholdDeliveryStatus, HouseholdDirectoryEntry
from supplies.idempotency.models import IdempotencyRecord
from supplies.partners.models import Partner


class PartnerRow(NamedTuple):
    id: uuid.UUID
    community_id: uuid.UUID
    active: bool


class TargetRow(NamedTuple):
    """A household's delivery address, and whether it gets door delivery (and why)."""

    community_id: uuid.UUID
    compound: str
    building: str
    unit: int
    floor: int
    room: str
    door_delivery: bool | None
    reason: str | None


class ItemRow(NamedTuple):
    id: uuid.UUID
    partner_id: uuid.UUID
    name: str
    unit: str
    price_fen: int
    reference_price_fen: int | None
    stock: int
    active: bool


class RoundRow(NamedTuple):
    id: uuid.UUID
    community_id: uuid.UUID
    delivery_date: date
    local_time: str
    closed: bool
    cutoff_at: datetime
    capacity_per_partner: int


class Placing(NamedTuple):
    """What one placement reads: the Idempotency-Key's record, the partner, the household's
    delivery target, the round and the items (None or empty where not found)."""

    replay: tuple[str, str, uuid.UUID] | None  # (operation, request hash, order id)
    partner: PartnerRow | None
    target: TargetRow | None
    round: RoundRow | None
    items: dict[uuid.UUID, ItemRow]


_k = IdempotencyRecord.__table__
_p = Partner.__table__
_e = HouseholdDirectoryEntry.__table__
_d = HouseholdDeliveryStatus.__table__
_r = DeliveryRound.__table__
_i = CatalogItem.__table__

_REPLAY = (_k.c.operation, _k.c.request_hash, _k.c.resource_id)
_PARTNER = (_p.c.id, _p.c.community_id, _p.c.active)
_TARGET = (
    _e.c.community_id,
    _e.c.compound,
    _e.c.building,
    _e.c.unit,
    _e.c.floor,
    _e.c.room,
    _d.c.door_delivery,
    _d.c.reason,
)
_ROUND = tuple(_r.c[name] for name in RoundRow._fields)
_ITEM = tuple(_i.c[name] for name in ItemRow._fields)
_SPANS = []
_at = 0
for _part in (_REPLAY, _PARTNER, _TARGET, _ROUND, _ITEM):
    _SPANS.append(slice(_at, _at + len(_part)))
    _at += len(_part)


def _placing_select(items: int) -> DriverSelect:
    """One statement, one row per item (at least one): every lookup is a left join on a key."""
    one = select(literal(1).label("one")).subquery()
    query = (
        select(*_REPLAY, *_PARTNER, *_TARGET, *_ROUND, *_ITEM)
        .select_from(one)
        .outerjoin(
            _k,
            and_(
                _k.c.subject == bindparam("subject", type_=String),
                _k.c.key == bindparam("key", type_=String),
            ),
        )
        .outerjoin(_p, _p.c.id == bindparam("partner_id", type_=UUID))
        .outerjoin(_e, _e.c.household_id == bindparam("household_id", type_=UUID))
        .outerjoin(_d, _d.c.household_id == _e.c.household_id)
        .outerjoin(_r, _r.c.id == bindparam("round_id", type_=UUID))
        .outerjoin(_i, _i.c.id.in_([bindparam(f"i{n}", type_=UUID) for n in range(items)]))
    )
    return DriverSelect(query, uuid_objects=True)


_PLACING: dict[int, DriverSelect] = {}
_STATUS = DriverSelect(
    select(_d.c.door_delivery, _d.c.reason).where(
        _d.c.household_id == bindparam("household_id", type_=UUID)
    ),
    uuid_objects=True,
)


async def placing(
    session: AsyncSession,
    subject: str,
    key: str | None,
    partner_id: uuid.UUID,
    household_id: uuid.UUID | None,
    round_id: uuid.UUID,
    item_ids: list[uuid.UUID],
) -> Placing:
    query = _PLACING.get(len(item_ids)) or _PLACING.setdefault(
        len(item_ids), _placing_select(len(item_ids))
    )
    rows = await query.rows(
        session,
        subject=subject,
        key=key,
        partner_id=partner_id,
        household_id=household_id,
        round_id=round_id,
        **{f"i{n}": v for n, v in enumerate(item_ids)},
    )
    first = rows[0]
    replay, partner, target, found, _ = (first[span] for span in _SPANS)
    return Placing(
        replay=None if replay[0] is None else (replay[0], replay[1], replay[2]),
        partner=None if partner[0] is None else PartnerRow._make(partner),
        target=None if target[0] is None else TargetRow._make(target),
        round=None if found[0] is None else RoundRow._make(found),
        items={
            row[_SPANS[4]][0]: ItemRow._make(row[_SPANS[4]])
            for row in rows
            if row[_SPANS[4]][0] is not None
        },
    )


async def delivery_status(
    session: AsyncSession, household_id: uuid.UUID
) -> tuple[bool, str] | None:
    row = await _STATUS.first(session, household_id=household_id)
    return None if row is None else (bool(row[0]), str(row[1]))
