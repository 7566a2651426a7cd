"""The round's positive tubes with their people and households, the re-test list, and the watched
buildings. Names are masked unless revealed with a reason, which is audited."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from registry.health.sampling.models import TubeResult
from registry.health.test_results import repository
from registry.health.test_results.repository import PersonRow
from registry.health.test_results.schemas import (
    HouseholdAt,
    PersonAt,
    PositiveTube,
    Retest,
    WatchedBuildingRead,
)
from registry.health.test_results.service import visible_round
from registry.residents.audit.disclosure import Disclosure
from registry.residents.audit.repository import add_audit_event
from shouhu_common.identity import Principal
from shouhu_common.pii import mask_name


def _person(row: PersonRow, reveal: bool) -> PersonAt:
    return PersonAt(
        person_id=row.person_id,
        name=row.name if reveal else mask_name(row.name),
        household_id=row.household_id,
        building_name=row.building_name,
        floor=row.floor,
        room=row.room,
    )


async def _audit_reveal(
    session: AsyncSession,
    principal: Principal,
    shown: Disclosure,
    what: str,
    round_id: uuid.UUID,
    request_id: str,
) -> None:
    if shown.reveal:
        add_audit_event(
            session, principal, what, "testing_round", str(round_id), shown.reason, request_id
        )
        await session.commit()


async def list_positives(
    session: AsyncSession,
    principal: Principal,
    round_id: uuid.UUID,
    shown: Disclosure,
    request_id: str = "",
) -> list[PositiveTube]:
    await visible_round(session, principal, round_id)
    tubes = await repository.result_tubes(session, round_id)
    swabbed = await repository.swabbed_in(session, [t.id for t in tubes])
    people = await repository.people(session, (s.person_id for s in swabbed))
    decisions = {
        e.household_id: e.decision for e in await repository.retest_entries(session, round_id)
    }
    by_tube: dict[uuid.UUID, list[PersonRow]] = {}
    for s in swabbed:
        if s.person_id in people:
            by_tube.setdefault(s.tube_id, []).append(people[s.person_id])
    items: list[PositiveTube] = []
    for tube in tubes:
        rows = sorted(
            by_tube.get(tube.id, []), key=lambda r: (r.building_name, r.floor, r.room, r.name)
        )
        households: dict[uuid.UUID, HouseholdAt] = {}
        for r in rows:
            households.setdefault(
                r.household_id,
                HouseholdAt(
                    household_id=r.household_id,
                    building_name=r.building_name,
                    floor=r.floor,
                    room=r.room,
                    decision=decisions.get(r.household_id),
                ),
            )
        items.append(
            PositiveTube(
                tube_id=tube.id,
                barcode=tube.barcode,
                result=TubeResult(tube.result or TubeResult.positive),
                result_at=tube.result_at,
                people=[_person(r, shown.reveal) for r in rows],
                households=list(households.values()),
            )
        )
    await _audit_reveal(session, principal, shown, "read_test_results_full", round_id, request_id)
    return items


async def list_retests(
    session: AsyncSession,
    principal: Principal,
    round_id: uuid.UUID,
    shown: Disclosure,
    request_id: str = "",
) -> list[Retest]:
    await visible_round(session, principal, round_id)
    entries = await repository.retest_entries(session, round_id)
    people = await repository.people(session, (e.person_id for e in entries))
    sources = await repository.tubes(session, (e.source_tube_id for e in entries))
    retested = await repository.retest_tubes(session, round_id, (e.person_id for e in entries))
    items: list[Retest] = []
    for e in entries:
        row = people.get(e.person_id)
        if row is None:
            continue
        source = sources[e.source_tube_id]
        _, retest_tube = retested.get(e.person_id, (None, None))
        items.append(
            Retest(
                **_person(row, shown.reveal).model_dump(),
                source_barcode=source.barcode,
                source_result=TubeResult(source.result) if source.result else None,
                retested=retest_tube is not None,
                retest_barcode=retest_tube.barcode if retest_tube else None,
                retest_result=TubeResult(retest_tube.result)
                if retest_tube and retest_tube.result
                else None,
                decision=e.decision,
                decided_by=e.decided_by,
            )
        )
    items.sort(key=lambda r: (r.building_name, r.floor, r.room, str(r.person_id)))
    await _audit_reveal(session, principal, shown, "read_test_results_full", round_id, request_id)
    return items


async def list_watched(
    session: AsyncSession, principal: Principal, round_id: uuid.UUID
) -> list[WatchedBuildingRead]:
    await visible_round(session, principal, round_id)
    return [
        WatchedBuildingRead(
            building_id=w.building_id,
            building_name=name,
            first_barcode=barcode,
            since=w.since,
            retests=count,
        )
        for w, name, barcode, count in await repository.watched(session, round_id)
    ]
