"""Builders for the household-file tests: people, buildings, grid assignments, spreadsheets."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from registry.residents.assignments.models import GridAssignment
from registry.residents.communities.models import Building, Compound
from registry.residents.people.models import Person
from tests.conftest import Stack


async def first_person_id(stack: Stack) -> uuid.UUID:
    async with stack.registry.state.sessionmaker() as session:
        person_id = (await session.scalars(select(Person.id).limit(1))).first()
    assert person_id is not None
    return person_id


async def make_building(
    stack: Stack, community_id: uuid.UUID, name: str, compound: str = "东苑"
) -> uuid.UUID:
    async with stack.registry.state.sessionmaker() as session:
        found = (
            await session.scalars(
                select(Compound).where(
                    Compound.community_id == community_id, Compound.name == compound
                )
            )
        ).first()
        if found is None:
            found = Compound(community_id=community_id, name=compound)
            session.add(found)
            await session.flush()
        building = Building(community_id=community_id, compound_id=found.id, name=name)
        session.add(building)
        await session.commit()
        return building.id


async def assign(
    stack: Stack, subject: str, community_id: uuid.UUID, building_ids: list[uuid.UUID]
) -> None:
    async with stack.registry.state.sessionmaker() as session:
        session.add_all(
            GridAssignment(community_id=community_id, subject=subject, building_id=b)
            for b in building_ids
        )
        await session.commit()


HEADER = ["小区", "楼栋", "单元", "房号", "姓名", "身份证号", "手机号", "与户主关系", "出生日期"]


def csv_bytes(rows: list[list[str]], encoding: str = "utf-8-sig") -> bytes:
    return ("\r\n".join(",".join(r) for r in rows) + "\r\n").encode(encoding)


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    import io

    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("居民")
    for n, row in enumerate(rows):
        sheet.write_row(n, 0, row)
    book.close()
    return buffer.getvalue()
