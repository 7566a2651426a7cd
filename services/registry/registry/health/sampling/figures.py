"""A round's figures: for the whole round, each building and each point — people expected (not
excluded), sampled (a duplicate swab not counted), excluded, sampled at home, missing;
households knocked on; tubes and positive tubes. A point's people are those of the buildings
and floors its slots send to it; a building's tubes are those holding one of its people."""

from __future__ import annotations

import io
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import xlsxwriter
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from registry.health.sampling.models import (
    HouseholdKnock,
    SampleRegistration,
    SampleTube,
    TubeResult,
)
from registry.health.sampling.schemas import (
    BuildingFigures,
    Figures,
    PointFigures,
    RoundFigures,
)
from registry.health.testing_rounds.models import (
    Arrangement,
    RoundArrangement,
    RoundSlot,
    SamplingPoint,
    TestingRound,
)
from registry.residents.communities.models import Building, Compound
from registry.residents.households.models import Household
from registry.residents.people.models import Person

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HOME = "上门采样"
COLUMNS = (
    ("应检人数", "expected"),
    ("已采人数", "sampled"),
    ("不参与人数", "excluded"),
    ("上门采样人数", "home_sampled"),
    ("未采人数", "missing"),
    ("已敲门户数", "knocked"),
    ("管数", "tubes"),
    ("阳性管数", "positives"),
)


@dataclass
class _Tally:
    expected: set[Any] = field(default_factory=set)
    excluded: set[Any] = field(default_factory=set)
    sampled: set[Any] = field(default_factory=set)
    home: set[Any] = field(default_factory=set)
    knocked: set[Any] = field(default_factory=set)
    tubes: set[Any] = field(default_factory=set)
    came: set[Any] | None = None  # a point's: the people sampled there, from anywhere

    def figures(self, positive: set[Any]) -> dict[str, int]:
        return {
            "expected": len(self.expected),
            "sampled": len(self.came if self.came is not None else self.sampled & self.expected),
            "excluded": len(self.excluded),
            "home_sampled": len(self.home & self.expected),
            "missing": len(self.expected - self.sampled),
            "knocked": len(self.knocked),
            "tubes": len(self.tubes),
            "positives": len(self.tubes & positive),
        }


async def _rows(session: AsyncSession, query: Any) -> list[Any]:
    return list((await session.execute(query)).all())


async def round_figures(session: AsyncSession, rnd: TestingRound) -> RoundFigures:
    community, round_id = rnd.community_id, rnd.id
    people = await _rows(
        session,
        select(Person.id, Household.id, Household.building_id, Household.floor)
        .join(Household, Household.id == Person.household_id)
        .where(Person.community_id == community),
    )
    arranged = dict(
        await _rows(
            session,
            select(RoundArrangement.person_id, RoundArrangement.arrangement).where(
                RoundArrangement.community_id == community, RoundArrangement.round_id == round_id
            ),
        )
    )
    registrations = await _rows(
        session,
        select(
            SampleRegistration.person_id,
            SampleRegistration.point_id,
            SampleRegistration.home,
            SampleRegistration.visitor,
            SampleRegistration.tube_id,
        ).where(
            SampleRegistration.community_id == community,
            SampleRegistration.round_id == round_id,
            SampleRegistration.duplicate.is_(False),
        ),
    )
    tubes = await _rows(
        session,
        select(SampleTube.id, SampleTube.point_id, SampleTube.result).where(
            SampleTube.community_id == community, SampleTube.round_id == round_id
        ),
    )
    knocked = {
        h
        for (h,) in await _rows(
            session,
            select(HouseholdKnock.household_id).where(
                HouseholdKnock.community_id == community, HouseholdKnock.round_id == round_id
            ),
        )
    }
    slots = await _rows(
        session,
        select(
            RoundSlot.point_id, RoundSlot.building_id, RoundSlot.from_floor, RoundSlot.to_floor
        ).where(RoundSlot.community_id == community, RoundSlot.round_id == round_id),
    )
    points = await _rows(
        session,
        select(SamplingPoint.id, SamplingPoint.name)
        .where(SamplingPoint.community_id == community, SamplingPoint.round_id == round_id)
        .order_by(SamplingPoint.name),
    )
    buildings = dict(
        await _rows(
            session,
            select(Building.id, Compound.name + " " + Building.name)  # 东苑 1栋
            .join(Compound, Compound.id == Building.compound_id)
            .where(Building.community_id == community),
        )
    )
    positive = {t for t, _, result in tubes if result == TubeResult.positive}

    total, by_building = _Tally(), defaultdict[Any, _Tally](_Tally)
    by_point: dict[uuid.UUID | None, _Tally] = {p: _Tally(came=set()) for p, _ in points}
    by_point[None] = _Tally(came=set())
    point_of_person: dict[Any, uuid.UUID | None] = {}
    building_of_person: dict[Any, Any] = {}
    for person, household, building, floor in people:
        point = next((p for p, b, lo, hi in slots if b == building and lo <= floor <= hi), None)
        point_of_person[person], building_of_person[person] = point, building
        tallies = [total, by_building[building]] + ([by_point[point]] if point in by_point else [])
        for tally in tallies:
            if arranged.get(person) == Arrangement.excluded:
                tally.excluded.add(person)
            else:
                tally.expected.add(person)
            if household in knocked:
                tally.knocked.add(household)
    for person, point, home, _, tube in registrations:
        at = by_point.setdefault(point, _Tally(came=set()))
        assert at.came is not None
        at.came.add(person)
        own_point = by_point.get(point_of_person.get(person), _Tally())
        building = by_building.get(building_of_person.get(person), _Tally())
        for tally in (total, own_point, building):
            tally.sampled.add(person)
            if home:
                tally.home.add(person)
        building.tubes.add(tube)
    for tube, point, _ in tubes:
        total.tubes.add(tube)
        by_point.setdefault(point, _Tally(came=set())).tubes.add(tube)
    names = dict(points)
    return RoundFigures(
        round_id=round_id,
        community_id=community,
        name=rnd.name,
        status=rnd.status,
        visitors=len({p for p, _, _, visitor, _ in registrations if visitor}),
        total=Figures(**total.figures(positive)),
        buildings=sorted(
            (
                BuildingFigures(building_id=b, name=buildings.get(b, ""), **t.figures(positive))
                for b, t in by_building.items()
            ),
            key=lambda f: (f.name, str(f.building_id)),
        ),
        points=[
            PointFigures(point_id=p, name=names.get(p, HOME) if p else HOME, **t.figures(positive))
            for p, t in by_point.items()
            if p is not None or t.sampled or t.tubes
        ],
    )


def workbook(figures: RoundFigures) -> bytes:
    """The figures as the sub-district's spreadsheet: 总计, 楼栋 and 采样点 sheets."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    bold = book.add_format({"bold": True})
    sheets: list[tuple[str, str, list[tuple[str, Figures]]]] = [
        ("总计", "轮次", [(figures.name, figures.total)]),
        ("楼栋", "楼栋", [(b.name, b) for b in figures.buildings]),
        ("采样点", "采样点", [(p.name, p) for p in figures.points]),
    ]
    for title, first, rows in sheets:
        sheet = book.add_worksheet(title)
        sheet.write_row(0, 0, [first, *(zh for zh, _ in COLUMNS)], bold)
        sheet.set_column(0, 0, 16)
        for n, (name, row) in enumerate(rows, start=1):
            sheet.write_string(n, 0, name)
            sheet.write_row(n, 1, [getattr(row, key) for _, key in COLUMNS])
    book.close()
    return out.getvalue()
