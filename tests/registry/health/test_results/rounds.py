"""Test data for results: a round with a point, and people swabbed into tubes, written straight
through the registry's session (planning and sampling have routes of their own)."""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Any

import httpx
from sqlalchemy import select

from registry.health.sampling.models import SampleRegistration, SampleTube
from registry.health.testing_rounds.models import (
    Arrangement,
    ArrangementReason,
    RoundArrangement,
    SamplingPoint,
    TestingRound,
)
from registry.residents.households.models import Household
from registry.residents.people.models import Person
from tests.builders import CommunityTree
from tests.conftest import Stack


@dataclass
class RoundWorld:
    tree: CommunityTree
    round_id: uuid.UUID
    point_id: uuid.UUID
    tubes: dict[str, uuid.UUID] = field(default_factory=dict)

    @property
    def community_id(self) -> uuid.UUID:
        return self.tree.community_id


async def make_round(stack: Stack, tree: CommunityTree, name: str = "第1轮") -> RoundWorld:
    async with stack.registry.state.sessionmaker() as session:
        testing_round = TestingRound(
            community_id=tree.community_id,
            name=name,
            round_date=date.today(),
            pool_size=10,
            status="sampling",
            created_by="user:test",
        )
        session.add(testing_round)
        await session.flush()
        point = SamplingPoint(
            community_id=tree.community_id,
            round_id=testing_round.id,
            name="东门广场",
            opens_at=time(8),
            closes_at=time(12),
            tables=2,
        )
        session.add(point)
        await session.commit()
        return RoundWorld(tree, testing_round.id, point.id)


async def people_of(stack: Stack, household_id: uuid.UUID) -> list[uuid.UUID]:
    async with stack.registry.state.sessionmaker() as session:
        query = select(Person.id).where(Person.household_id == household_id).order_by(Person.name)
        return list((await session.scalars(query)).all())


async def swab(
    stack: Stack,
    world: RoundWorld,
    barcode: str,
    person_ids: list[uuid.UUID],
    *,
    sampled_at: datetime | None = None,
    retest: bool = False,
    duplicate: tuple[uuid.UUID, ...] = (),
) -> uuid.UUID:
    """A tube of the round holding `person_ids` (those in `duplicate` flagged as such)."""
    at = sampled_at or datetime.now(UTC)
    async with stack.registry.state.sessionmaker() as session:
        tube = SampleTube(
            community_id=world.community_id,
            round_id=world.round_id,
            point_id=world.point_id,
            barcode=barcode,
            capacity=1 if retest else 10,
            filled=len(person_ids),
            retest=retest,
            opened_by="user:sampler",
            opened_at=at,
        )
        session.add(tube)
        await session.flush()
        for person_id in person_ids:
            person = await session.get(Person, person_id)
            assert person is not None
            household = await session.get(Household, person.household_id)
            assert household is not None
            session.add(
                SampleRegistration(
                    client_id=uuid.uuid4(),
                    community_id=world.community_id,
                    round_id=world.round_id,
                    tube_id=tube.id,
                    point_id=world.point_id,
                    person_id=person_id,
                    household_id=household.id,
                    building_id=household.building_id,
                    floor=household.floor,
                    duplicate=person_id in duplicate,
                    sampled_at=at,
                    recorded_by="user:sampler",
                )
            )
        await session.commit()
        world.tubes[barcode] = tube.id
        return tube.id


async def exclude(stack: Stack, world: RoundWorld, person_id: uuid.UUID) -> None:
    async with stack.registry.state.sessionmaker() as session:
        person = await session.get(Person, person_id)
        assert person is not None
        session.add(
            RoundArrangement(
                community_id=world.community_id,
                round_id=world.round_id,
                person_id=person_id,
                household_id=person.household_id,
                arrangement=Arrangement.excluded,
                reason=ArrangementReason.in_hospital,
                created_by="user:test",
            )
        )
        await session.commit()


async def tube_results(stack: Stack, world: RoundWorld) -> dict[str, str | None]:
    async with stack.registry.state.sessionmaker() as session:
        query = select(SampleTube.barcode, SampleTube.result).where(
            SampleTube.round_id == world.round_id
        )
        return dict((await session.execute(query)).all())


def csv_sheet(rows: list[tuple[str, str]], header: tuple[str, str] = ("管码", "结果")) -> bytes:
    lines = [",".join(header)] + [",".join(r) for r in rows]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8-sig")


def xlsx_sheet(rows: list[tuple[str, str]], header: tuple[str, str] = ("tube", "result")) -> bytes:
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("结果")
    sheet.write_row(0, 0, ["核酸检测结果回传"])  # a title row above the header
    sheet.write_row(1, 0, list(header))
    for n, row in enumerate(rows, start=2):
        sheet.write_row(n, 0, list(row))
    book.close()
    return buffer.getvalue()


async def import_sheet(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    world: RoundWorld,
    data: bytes,
    *,
    filename: str = "结果.csv",
    dry_run: bool = False,
) -> httpx.Response:
    return await client.post(
        f"/api/v1/testing-rounds/{world.round_id}/results:import",
        headers=headers,
        params={"dry_run": str(dry_run).lower()},
        files={"file": (filename, data)},
    )


async def ok(response: httpx.Response, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json()
