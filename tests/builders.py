"""Small data builders, one per kind of record, writing through the services' own sessions."""

from __future__ import annotations

import itertools
import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

import httpx
from pwdlib.hashers.argon2 import Argon2Hasher

from gateway.accounts.models import User
from gateway.clients.supplies import PartnerRef
from gateway.partner_keys.service import issue_key
from registry.residents.communities.models import Building, Community, Compound
from registry.residents.households.models import Household
from registry.residents.people.id_numbers import check_character
from registry.residents.people.models import Person
from supplies.partners.models import Partner, PartnerKind
from tests.conftest import Stack

PASSWORD = "correct-horse-2020"
_births = itertools.count()  # a new birth date per person: unique ID numbers in a run


@lru_cache
def password_hash() -> str:
    """The suite's accounts' password hash: Argon2id, as in production, but at the lowest cost.
    The gateway verifies a hash at the cost written in it, so each sign-in here costs ~5 ms
    instead of the production parameters' ~120 ms (the suite signs in well over a thousand
    times). Accounts made through the API and the demo's keep the production cost."""
    return Argon2Hasher(time_cost=1, memory_cost=8192, parallelism=1).hash(PASSWORD)


def valid_id_number(birth: str = "19800101", seq: int = 123, region: str = "370602") -> str:
    first17 = f"{region}{birth}{seq:03d}"
    return first17 + check_character(first17)


@dataclass
class CommunityTree:
    community_id: uuid.UUID
    building_id: uuid.UUID
    household_ids: list[uuid.UUID] = field(default_factory=list)
    id_numbers: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)


async def make_community(
    stack: Stack, name: str = "测试社区", households: int = 3
) -> CommunityTree:
    cipher = stack.registry.state.cipher
    community = Community(name=name, subdistrict="测试街道")
    async with stack.registry.state.sessionmaker() as session:
        session.add(community)
        await session.flush()
        compound = Compound(community_id=community.id, name="东苑")
        session.add(compound)
        await session.flush()
        building = Building(community_id=community.id, compound_id=compound.id, name="1栋")
        session.add(building)
        await session.flush()
        tree = CommunityTree(community.id, building.id)
        for n in range(households):
            phone = f"1380013{n:04d}"
            household = Household(
                community_id=community.id,
                building_id=building.id,
                unit=1,
                floor=1,
                room=f"10{n + 1}",
                card_number=f"T{uuid.uuid4().hex[:10]}",
                contact_phone_enc=cipher.encrypt(phone),
                contact_phone_hash=cipher.blind_index(phone),
            )
            session.add(household)
            await session.flush()
            birth = date(1950, 1, 1) + timedelta(days=next(_births))
            id_number = valid_id_number(birth=f"{birth:%Y%m%d}", seq=n)
            session.add(
                Person(
                    community_id=community.id,
                    household_id=household.id,
                    name=f"张{n}",
                    id_number_enc=cipher.encrypt(id_number),
                    id_number_hash=cipher.blind_index(id_number),
                    phone_enc=cipher.encrypt(phone),
                    phone_hash=cipher.blind_index(phone),
                )
            )
            tree.household_ids.append(household.id)
            tree.id_numbers.append(id_number)
            tree.phones.append(phone)
        await session.commit()
    return tree


async def make_user(
    stack: Stack, username: str, role: str, community_ids: list[uuid.UUID] | None = None
) -> User:
    async with stack.gateway.state.sessionmaker() as session:
        user = User(
            username=username,
            display_name=username,
            role=role,
            password_hash=password_hash(),
            community_ids=[str(c) for c in community_ids or []],
        )
        session.add(user)
        await session.commit()
        return user


async def sign_in(client: httpx.AsyncClient, username: str, password: str = PASSWORD) -> str:
    response = await client.post(
        "/api/v1/auth/token", data={"username": username, "password": password}
    )
    assert response.status_code == 200, response.text
    token: str = response.json()["access_token"]
    return token


async def headers_for(
    client: httpx.AsyncClient, stack: Stack, role: str, community_ids: list[uuid.UUID] | None = None
) -> dict[str, str]:
    """A fresh account of `role` in `community_ids`, signed in: its Authorization header."""
    username = f"{role}-{uuid.uuid4().hex[:6]}"
    await make_user(stack, username, role, community_ids)
    return {"Authorization": f"Bearer {await sign_in(client, username)}"}


async def make_partner(
    stack: Stack,
    community_id: uuid.UUID,
    name: str = "测试超市",
    kind: PartnerKind = PartnerKind.supermarket,
) -> uuid.UUID:
    async with stack.supplies.state.sessionmaker() as session:
        partner = Partner(community_id=community_id, name=name, kind=kind)
        session.add(partner)
        await session.commit()
        return partner.id


async def make_partner_key(
    stack: Stack,
    partner_id: uuid.UUID,
    community_id: uuid.UUID,
    name: str = "测试超市",
    kind: PartnerKind = PartnerKind.supermarket,
) -> str:
    partner = PartnerRef(id=partner_id, community_id=community_id, name=name, kind=kind)
    async with stack.gateway.state.sessionmaker() as session:
        issued = await issue_key(session, partner, "test")
        return issued.api_key
