"""The custody log 保管记录 of residents' medical-insurance cards 医保卡 and record books 病历本.

Every hand-over is a record, from whoever holds the item now to a roster worker (or back to its
owner). A hand-over to a worker waits for that worker's own account to confirm it; until then the
item cannot be passed on. Nobody in quarantine or off duty may be handed an item, and the items
such a worker already holds are flagged for reassignment (computed when read, so always right)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import ColumnElement
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from registry.operations.medicine import holders, repository
from registry.operations.medicine.errors import (
    CustodyConflict,
    HandoverNotFound,
    MedicineClientIdReused,
    MedicineRunNotFound,
    NotTheReceiver,
    ReceiverUnavailable,
    RunWorkerNotFound,
)
from registry.operations.medicine.models import CustodyHandover
from registry.operations.medicine.reach import households_in_reach, person_in_reach, shown_name
from registry.operations.medicine.schemas import HandoverCreate, HandoverRead
from registry.operations.workers import repository as workers
from registry.operations.workers.models import Worker
from registry.operations.workers.service import workers_of_account
from registry.residents.communities.errors import CommunityNotFound
from shouhu_common.identity import Principal, Role

OWNER = "本人"


async def _reads(
    session: AsyncSession, principal: Principal, rows: Sequence[tuple[CustodyHandover, str]]
) -> list[HandoverRead]:
    ids = {w for h, _ in rows for w in (h.from_worker_id, h.to_worker_id) if w}
    people = await workers.workers_by_id(session, list(ids))
    flags = await holders.unavailable(session, people.values())
    return [
        HandoverRead(
            id=h.id,
            community_id=h.community_id,
            person_id=h.person_id,
            person_name=shown_name(principal, name),
            item=h.item,
            seq=h.seq,
            current=h.current,
            from_worker_id=h.from_worker_id,
            from_name=people[h.from_worker_id].name if h.from_worker_id else OWNER,
            to_worker_id=h.to_worker_id,
            to_name=people[h.to_worker_id].name if h.to_worker_id else OWNER,
            run_id=h.run_id,
            note=h.note,
            handed_at=h.handed_at,
            recorded_by=h.recorded_by,
            confirmed_at=h.confirmed_at,
            confirmed_by=h.confirmed_by,
            flag=flags.get(h.to_worker_id) if h.current and h.to_worker_id else None,
        )
        for h, name in rows
    ]


async def _one(session: AsyncSession, principal: Principal, h: CustodyHandover) -> HandoverRead:
    name = await repository.person_name(session, h.person_id)
    return (await _reads(session, principal, [(h, name)]))[0]


async def _receiver(session: AsyncSession, community_id: uuid.UUID, worker_id: uuid.UUID) -> Worker:
    worker = await workers.get_worker(session, worker_id)
    if worker is None or worker.community_id != community_id:
        raise RunWorkerNotFound()
    reason = (await holders.unavailable(session, [worker])).get(worker.id)
    if reason == holders.QUARANTINED:
        raise ReceiverUnavailable(f"{worker.name} 正在隔离")
    if reason == holders.OFF_DUTY:
        raise ReceiverUnavailable(f"{worker.name} 已不在岗")
    return worker


async def _unavailable(session: AsyncSession, worker_id: uuid.UUID) -> bool:
    worker = await workers.get_worker(session, worker_id)
    return worker is not None and worker.id in await holders.unavailable(session, [worker])


async def hand_over(
    session: AsyncSession, principal: Principal, body: HandoverCreate, now: datetime
) -> tuple[HandoverRead, bool]:
    """From the current holder: a resident hands over only an item they hold themselves, and an
    item is passed on only after its last receiver confirmed (unless that receiver is now in
    quarantine or off duty: then it is reassigned). Back to the owner needs no second
    call. The same client_id again answers the first record."""
    person, household = await person_in_reach(session, principal, body.person_id)
    community_id = household.community_id
    earlier = await repository.handover_by_client_id(session, community_id, body.client_id)
    if earlier is not None:
        if earlier.person_id != body.person_id or earlier.item != body.item:
            raise MedicineClientIdReused(f"client_id {body.client_id} belongs to another record")
        return await _one(session, principal, earlier), False
    last = await repository.current_handover(session, community_id, person.id, body.item)
    holder = last.to_worker_id if last else None
    if last is not None and holder is not None and last.confirmed_at is None:
        # a holder now in quarantine or off duty may never confirm: the office reassigns anyway
        if not await _unavailable(session, holder):
            raise CustodyConflict("the last receiver has not confirmed yet")
    if holder == body.to_worker_id:
        raise CustodyConflict("the receiver already holds it")
    if principal.role == Role.resident and holder is not None:
        raise CustodyConflict("a worker holds it: they record the hand-over")
    if body.to_worker_id is not None:
        await _receiver(session, community_id, body.to_worker_id)
    if body.run_id is not None:
        run = await repository.get_run(session, body.run_id)
        if run is None or run.community_id != community_id:
            raise MedicineRunNotFound()
    if last is not None:
        last.current = False
    record = CustodyHandover(
        id=uuid.uuid4(),
        client_id=body.client_id,
        community_id=community_id,
        person_id=person.id,
        household_id=household.id,
        building_id=household.building_id,
        floor=household.floor,
        item=body.item,
        seq=(last.seq + 1) if last else 1,
        current=True,
        from_worker_id=holder,
        to_worker_id=body.to_worker_id,
        run_id=body.run_id,
        note=body.note,
        handed_at=now,
        recorded_by=principal.subject,
        confirmed_at=now if body.to_worker_id is None else None,
        confirmed_by=principal.subject if body.to_worker_id is None else None,
    )
    session.add(record)
    try:
        await session.commit()
    except IntegrityError as exc:  # a concurrent hand-over of the same item, or the same client id
        await session.rollback()
        again = await repository.handover_by_client_id(session, community_id, body.client_id)
        if again is None:
            raise CustodyConflict("another hand-over of this item was recorded at once") from exc
        return await _one(session, principal, again), False
    return await _one(session, principal, record), True


async def confirm(
    session: AsyncSession, principal: Principal, handover_id: uuid.UUID, now: datetime
) -> HandoverRead:
    """Only the receiving worker's own account confirms; again changes nothing."""
    record = await repository.get_handover(session, handover_id)
    if record is None or not principal.in_community(record.community_id):
        raise HandoverNotFound()
    mine = {w.id for w in await workers_of_account(session, principal, [record.community_id])}
    if record.to_worker_id is None or record.to_worker_id not in mine:
        raise NotTheReceiver()
    if record.confirmed_at is None:
        if not record.current:
            raise CustodyConflict("this hand-over is no longer the latest")
        record.confirmed_at = now
        record.confirmed_by = principal.subject
        await session.commit()
    return await _one(session, principal, record)


async def _where(
    session: AsyncSession, principal: Principal, *more: ColumnElement[bool]
) -> list[ColumnElement[bool]]:
    return [await households_in_reach(session, principal), *more]


async def held_for(
    session: AsyncSession, principal: Principal, person_id: uuid.UUID
) -> list[HandoverRead]:
    """Who holds this person's items now: an item not listed was never handed over (or is
    back with its owner, `to_worker_id` null)."""
    await person_in_reach(session, principal, person_id)
    where = await _where(session, principal, CustodyHandover.person_id == person_id)
    return await _reads(session, principal, await repository.holdings(session, where))


async def held_by(
    session: AsyncSession, principal: Principal, worker_id: uuid.UUID
) -> list[HandoverRead]:
    worker = await workers.get_worker(session, worker_id)
    if worker is None or not principal.in_community(worker.community_id):
        raise RunWorkerNotFound()
    where = await _where(session, principal, CustodyHandover.to_worker_id == worker_id)
    return await _reads(session, principal, await repository.holdings(session, where))


async def held_by_me(session: AsyncSession, principal: Principal) -> list[HandoverRead]:
    """What the caller's own roster entries hold or are waiting to confirm."""
    mine = [w.id for w in await workers_of_account(session, principal)]
    if not mine:
        return []
    where = [CustodyHandover.to_worker_id.in_(mine)]
    return await _reads(session, principal, await repository.holdings(session, where))


async def flagged(
    session: AsyncSession, principal: Principal, community_id: uuid.UUID | None
) -> list[HandoverRead]:
    """Items held by a worker now in quarantine or off duty: to be reassigned at once."""
    if community_id is not None and not principal.in_community(community_id):
        raise CommunityNotFound()
    where = [
        await households_in_reach(session, principal, community_id),
        CustodyHandover.to_worker_id.is_not(None),
    ]
    reads = await _reads(session, principal, await repository.holdings(session, where))
    return [r for r in reads if r.flag is not None]


async def flagged_count(session: AsyncSession, community_id: uuid.UUID) -> int:
    """The dashboard's red line: items of the community held by a worker who may not hold them."""
    rows = await repository.holdings(
        session,
        [CustodyHandover.community_id == community_id, CustodyHandover.to_worker_id.is_not(None)],
    )
    holders_now = await workers.workers_by_id(
        session, [h.to_worker_id for h, _ in rows if h.to_worker_id]
    )
    flags = await holders.unavailable(session, holders_now.values())
    return sum(1 for h, _ in rows if h.to_worker_id in flags)
