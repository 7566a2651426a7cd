"""The demo community: two compounds, 12 buildings, 600 households, about 1,500 people.

Names, ID numbers and phones are fictional but valid in format. Identifiers come from
`shouhu_common.demo_ids`, so supplies and the gateway refer to the same community and households.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from registry.demo.gates import load_demo_gates
from registry.demo.operations import load_demo_operations
from registry.demo.tasks import load_demo_tasks
from registry.demo.testing import load_demo_testing
from registry.residents.assignments.models import GridAssignment
from registry.residents.communities.models import Building, Community, Compound
from registry.residents.households.models import Household
from registry.residents.people.id_numbers import check_character
from registry.residents.people.models import Person, PersonSearchKey
from registry.residents.people.search_keys import search_keys
from shouhu_common.demo_ids import DEMO_COMMUNITY_ID, demo_household_id, demo_id, demo_user_id
from shouhu_common.pii import PersonalDataCipher

FAMILY = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁"
    "谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
)
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬燕彬斌宇浩凯健俊帆帅旭宁"
RELATIONS = ("户主", "配偶", "子女", "父母", "孙子女")
REGION = "370602"


def _id_number(rng: random.Random, birth: date, seq: int) -> str:
    first17 = f"{REGION}{birth:%Y%m%d}{seq % 1000:03d}"
    return first17 + check_character(first17)


def _phone(rng: random.Random) -> str:
    return rng.choice(("138", "139", "150", "186", "133", "177")) + f"{rng.randrange(10**8):08d}"


async def is_loaded(session: AsyncSession) -> bool:
    return bool((await session.execute(select(func.count(Community.id)))).scalar_one())


async def load_demo(session: AsyncSession, cipher: PersonalDataCipher) -> int:
    """Loads the demo community into an empty registry; returns the number of people."""
    rng = random.Random(2020)
    session.add(Community(id=DEMO_COMMUNITY_ID, name="枫林社区", subdistrict="城东街道"))
    await session.flush()
    rows: list[list[object]] = [[], [], [], []]  # compounds, buildings, households, people
    number = 0
    people = 0
    for compound_name in ("东苑", "西苑"):
        compound = Compound(
            id=demo_id("compound", compound_name),
            community_id=DEMO_COMMUNITY_ID,
            name=compound_name,
        )
        rows[0].append(compound)
        for b in range(1, 7):
            building = Building(
                id=demo_id("building", f"{compound_name}{b}"),
                community_id=DEMO_COMMUNITY_ID,
                compound_id=compound.id,
                name=f"{b}栋",
                floors=5,
                units=2,
            )
            rows[1].append(building)
            for unit in (1, 2):
                for floor in range(1, 6):
                    for door in range(1, 6):
                        number += 1
                        people += _add_household(
                            rows, cipher, rng, building, unit, floor, door, number
                        )
    rows.append(_search_keys(rows[3]))  # type: ignore[arg-type]
    rows.append(_grid_assignments(rows[1]))  # type: ignore[arg-type]
    for level in rows:  # plain foreign keys, no relationships: insert parents first
        session.add_all(level)
        await session.flush()
    await load_demo_gates(session, rows[2])  # type: ignore[arg-type]
    await load_demo_operations(session, cipher)  # roster and shifts, before the tasks
    await load_demo_tasks(session)  # after the roster: tasks go to grid1's worker
    await load_demo_testing(session)
    await session.commit()
    return people


def _search_keys(people: list[Person]) -> list[PersonSearchKey]:
    return [
        PersonSearchKey(person_id=p.id, community_id=p.community_id, key=key)
        for p in people
        for key in search_keys(p.name)
    ]


def _grid_assignments(buildings: list[Building]) -> list[GridAssignment]:
    """`grid1` covers 东苑 1–3栋."""
    east = demo_id("compound", "东苑")
    return [
        GridAssignment(
            community_id=DEMO_COMMUNITY_ID,
            subject=f"user:{demo_user_id('grid1')}",
            building_id=b.id,
            assigned_by="demo",
        )
        for b in buildings
        if b.compound_id == east and b.name in ("1栋", "2栋", "3栋")
    ]


def _add_household(
    rows: list[list[object]],
    cipher: PersonalDataCipher,
    rng: random.Random,
    building: Building,
    unit: int,
    floor: int,
    door: int,
    number: int,
) -> int:
    contact = _phone(rng)
    household = Household(
        id=demo_household_id(number),
        community_id=DEMO_COMMUNITY_ID,
        building_id=building.id,
        unit=unit,
        floor=floor,
        room=f"{floor}{door:02d}",
        card_number=f"FL{number:05d}",
        contact_phone_enc=cipher.encrypt(contact),
        contact_phone_hash=cipher.blind_index(contact),
    )
    rows[2].append(household)
    family = rng.choice(FAMILY)
    size = rng.choice((1, 2, 2, 3, 3, 3, 4))
    for m in range(size):
        birth = date(1935, 1, 1) + timedelta(days=rng.randrange(365 * 84))
        id_number = _id_number(rng, birth, number * 4 + m)
        phone = contact if m == 0 else _phone(rng)
        rows[3].append(
            Person(
                id=demo_id("person", f"{number}:{m}"),
                community_id=DEMO_COMMUNITY_ID,
                household_id=household.id,
                name=family + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2)))),
                relation=RELATIONS[min(m, len(RELATIONS) - 1)],
                id_number_enc=cipher.encrypt(id_number),
                id_number_hash=cipher.blind_index(id_number),
                phone_enc=cipher.encrypt(phone),
                phone_hash=cipher.blind_index(phone),
                birth_date=birth,
                lives_alone=size == 1 and birth.year < 1955,
                chronic_illness=rng.random() < 0.1,
                disability=rng.random() < 0.02,
            )
        )
    return size
