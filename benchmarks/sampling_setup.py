"""The sampling benchmark's community: the demo community grown to 5,000 households (as the gate
benchmark grows it: whichever runs first adds the buildings), each household without people given
two or three, written straight into the registry database as an import would; and testing rounds
in status `sampling` with one point, as the planning would leave them."""

from __future__ import annotations

import asyncio
import uuid
from datetime import date, time

from sqlalchemy import exists, func, select

from benchmarks.gate_setup import HOUSEHOLDS, PER_BUILDING, registry_url
from benchmarks.harness import Stack
from registry.health.testing_rounds.models import SamplingPoint, TestingRound
from registry.residents.communities.models import Building, Compound
from registry.residents.households.models import Household
from registry.residents.people.models import Person
from shouhu_common.database import bulk_insert, make_engine, make_sessionmaker
from shouhu_common.demo_ids import DEMO_COMMUNITY_ID
from shouhu_common.driver_writes import table_row

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"


async def _grow(url: str) -> list[str]:
    """The community's people, after adding households and people where missing."""
    engine = make_engine(url)
    try:
        async with make_sessionmaker(engine)() as session:
            count = select(func.count(Household.id)).where(
                Household.community_id == DEMO_COMMUNITY_ID
            )
            have = int((await session.execute(count)).scalar_one())
            if have < HOUSEHOLDS:
                compound = Compound(community_id=DEMO_COMMUNITY_ID, name="采样苑")
                session.add(compound)
                await session.flush()
            b = 0
            while have < HOUSEHOLDS:
                b += 1
                building = Building(
                    community_id=DEMO_COMMUNITY_ID, compound_id=compound.id, name=f"S{b}栋"
                )
                session.add(building)
                await session.flush()
                rows = [
                    table_row(
                        Household.__table__,
                        id=uuid.uuid4(),
                        community_id=DEMO_COMMUNITY_ID,
                        building_id=building.id,
                        unit=1 + i // 50,
                        floor=1 + (i % 50) // 5,
                        room=f"{1 + (i % 50) // 5}{i % 5 + 1:02d}",
                        card_number=f"SP{b:03d}{i:03d}",
                    )
                    for i in range(min(PER_BUILDING, HOUSEHOLDS - have))
                ]
                await bulk_insert(session, Household.__table__, rows)  # type: ignore[arg-type]
                have += len(rows)
            empty = select(Household.id).where(
                Household.community_id == DEMO_COMMUNITY_ID,
                ~exists().where(Person.household_id == Household.id),
            )
            people = [
                table_row(
                    Person.__table__,
                    id=uuid.uuid4(),
                    community_id=DEMO_COMMUNITY_ID,
                    household_id=household,
                    name=SURNAMES[(n + k) % len(SURNAMES)] + "某某",
                    relation="户主" if k == 0 else "家属",
                )
                for n, household in enumerate((await session.scalars(empty)).all())
                for k in range(2 + n % 2)
            ]
            await bulk_insert(session, Person.__table__, people)  # type: ignore[arg-type]
            await session.commit()
            ids = select(Person.id).where(Person.community_id == DEMO_COMMUNITY_ID)
            return [str(p) for p in (await session.scalars(ids)).all()]
    finally:
        await engine.dispose()


async def _round(url: str, name: str) -> tuple[str, str]:
    engine = make_engine(url)
    try:
        async with make_sessionmaker(engine)() as session:
            rnd = TestingRound(
                community_id=DEMO_COMMUNITY_ID,
                name=name,
                round_date=date.today(),
                pool_size=10,
                status="sampling",
                created_by="bench",
            )
            session.add(rnd)
            await session.flush()
            point = SamplingPoint(
                community_id=DEMO_COMMUNITY_ID,
                round_id=rnd.id,
                name="东门采样点",
                opens_at=time(7),
                closes_at=time(20),
                tables=4,
            )
            session.add(point)
            await session.commit()
            return str(rnd.id), str(point.id)
    finally:
        await engine.dispose()


def grow(stack: Stack) -> list[str]:
    return asyncio.run(_grow(registry_url(stack)))


def new_round(stack: Stack, name: str) -> tuple[str, str]:
    return asyncio.run(_round(registry_url(stack), name))


async def _stored(url: str, round_id: str) -> tuple[int, int]:
    """Registrations of the round, and tubes filled beyond their capacity."""
    from registry.health.sampling.models import SampleRegistration, SampleTube

    engine = make_engine(url)
    try:
        async with engine.connect() as conn:
            rid = uuid.UUID(round_id)
            count = select(func.count()).where(SampleRegistration.round_id == rid)
            over = select(func.count()).where(
                SampleTube.round_id == rid, SampleTube.filled > SampleTube.capacity
            )
            return (
                int((await conn.execute(count)).scalar_one()),
                int((await conn.execute(over)).scalar_one()),
            )
    finally:
        await engine.dispose()


def stored(stack: Stack, round_id: str) -> tuple[int, int]:
    return asyncio.run(_stored(registry_url(stack), round_id))
