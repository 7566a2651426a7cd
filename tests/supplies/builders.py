"""Builders for the supplies tests: a community with a partner, staff, a grid worker covering its
building, a resident, directory entries, rounds and approved catalog items, written through the
services' own sessions (and the grid through supplies' event consumer, as the registry sends it)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import httpx

from shouhu_common.events import Event
from supplies.catalog.models import CatalogItem, ItemCategory
from supplies.delivery_rounds.models import DeliveryRound
from supplies.events import CONSUMER
from supplies.household_directory.models import HouseholdDirectoryEntry
from tests.builders import (
    headers_for,
    make_community,
    make_partner,
    make_partner_key,
    make_user,
    sign_in,
)
from tests.conftest import Stack

SHANGHAI = ZoneInfo("Asia/Shanghai")


@dataclass
class World:
    community_id: uuid.UUID
    household_ids: list[uuid.UUID]
    partner_id: uuid.UUID
    partner: dict[str, str]
    staff: dict[str, str]
    grid: dict[str, str]
    resident: dict[str, str]
    round_id: uuid.UUID
    building_id: uuid.UUID  # the registry building of the households, `grid`'s whole area
    grid_subject: str
    items: list[uuid.UUID] = field(default_factory=list)


Areas = list[uuid.UUID | tuple[uuid.UUID, int, int]]  # whole buildings, or (building, from, to)


async def grid_area_event(
    stack: Stack,
    subject: str,
    community_id: uuid.UUID,
    areas: Areas,
    *,
    at: datetime | None = None,
    event_id: uuid.UUID | None = None,
) -> str:
    """Hands supplies the registry's `grid.area_changed`, as the event mechanism would."""
    payload_areas = [
        {"building_id": str(a), "floor_from": None, "floor_to": None}
        if isinstance(a, uuid.UUID)
        else {"building_id": str(a[0]), "floor_from": a[1], "floor_to": a[2]}
        for a in areas
    ]
    event = Event(
        event_id=event_id or uuid.uuid4(),
        source="registry",
        topic="grid.area_changed",
        key=subject,
        occurred_at=at or datetime.now(UTC),
        payload={"subject": subject, "community_id": str(community_id), "areas": payload_areas},
    )
    return await CONSUMER.consume(stack.supplies.state.sessionmaker, event)


async def grid_worker(
    client: httpx.AsyncClient, stack: Stack, community_id: uuid.UUID
) -> tuple[dict[str, str], str]:
    """A fresh grid worker of the community, signed in, with no area yet: (headers, subject)."""
    username = f"grid-{uuid.uuid4().hex[:6]}"
    user = await make_user(stack, username, "grid_worker", [community_id])
    headers = {"Authorization": f"Bearer {await sign_in(client, username)}"}
    return headers, f"user:{user.id}"


async def resident_headers(
    client: httpx.AsyncClient, staff: dict[str, str], household_id: uuid.UUID
) -> dict[str, str]:
    code = await client.post(
        "/api/v1/auth/access-codes", headers=staff, json={"household_id": str(household_id)}
    )
    assert code.status_code == 201, code.text
    token = await client.post(
        "/api/v1/auth/resident-token", json={"access_code": code.json()["access_code"]}
    )
    return {"Authorization": f"Bearer {token.json()['access_token']}"}


async def add_directory(
    stack: Stack,
    community_id: uuid.UUID,
    household_ids: list[uuid.UUID],
    building: str = "1栋",
    building_id: uuid.UUID | None = None,
) -> None:
    async with stack.supplies.state.sessionmaker() as session:
        for n, household_id in enumerate(household_ids):
            session.add(
                HouseholdDirectoryEntry(
                    household_id=household_id,
                    community_id=community_id,
                    compound="东苑",
                    building=building,
                    unit=1 + n % 2,
                    floor=1 + n // 2,
                    room=f"{1 + n // 2}0{1 + n % 2}",
                    building_id=building_id,
                )
            )
        await session.commit()


async def add_round(
    stack: Stack,
    community_id: uuid.UUID,
    *,
    hours_ahead: float = 6,
    cutoff_hours: float = 2,
    capacity: int = 100,
    closed: bool = False,
) -> uuid.UUID:
    delivers_at = (datetime.now(UTC) + timedelta(hours=hours_ahead)).replace(microsecond=0)
    local = delivers_at.astimezone(SHANGHAI)
    async with stack.supplies.state.sessionmaker() as session:
        new = DeliveryRound(
            community_id=community_id,
            delivery_date=local.date(),
            local_time=f"{local:%H:%M}",
            delivers_at=delivers_at,
            cutoff_at=delivers_at - timedelta(hours=cutoff_hours),
            capacity_per_partner=capacity,
            closed=closed,
        )
        session.add(new)
        await session.commit()
        return new.id


async def add_item(
    stack: Stack,
    partner_id: uuid.UUID,
    community_id: uuid.UUID,
    name: str = "大白菜",
    *,
    price_fen: int = 150,
    reference_fen: int | None = 150,
    stock: int = 100,
) -> uuid.UUID:
    async with stack.supplies.state.sessionmaker() as session:
        item = CatalogItem(
            partner_id=partner_id,
            community_id=community_id,
            name=name,
            category=ItemCategory.vegetables,
            unit="斤",
            price_fen=price_fen,
            reference_price_fen=reference_fen,
            stock=stock,
        )
        session.add(item)
        await session.commit()
        return item.id


async def make_world(client: httpx.AsyncClient, stack: Stack, households: int = 3) -> World:
    tree = await make_community(stack, households=households)
    partner_id = await make_partner(stack, tree.community_id)
    staff = await headers_for(client, stack, "staff", [tree.community_id])
    grid, grid_subject = await grid_worker(client, stack, tree.community_id)
    world = World(
        community_id=tree.community_id,
        household_ids=tree.household_ids,
        partner_id=partner_id,
        partner={"X-API-Key": await make_partner_key(stack, partner_id, tree.community_id)},
        staff=staff,
        grid=grid,
        resident=await resident_headers(client, staff, tree.household_ids[0]),
        round_id=await add_round(stack, tree.community_id),
        building_id=tree.building_id,
        grid_subject=grid_subject,
    )
    await add_directory(stack, tree.community_id, tree.household_ids, building_id=tree.building_id)
    assert await grid_area_event(stack, grid_subject, tree.community_id, [tree.building_id])
    world.items = [
        await add_item(stack, partner_id, tree.community_id, "大白菜"),
        await add_item(
            stack, partner_id, tree.community_id, "鸡蛋", price_fen=600, reference_fen=650
        ),
    ]
    return world


async def second_partner(
    stack: Stack, world: World, name: str = "另一超市"
) -> tuple[uuid.UUID, dict[str, str]]:
    partner_id = await make_partner(stack, world.community_id, name)
    key = await make_partner_key(stack, partner_id, world.community_id, name)
    return partner_id, {"X-API-Key": key}


async def place(
    client: httpx.AsyncClient,
    world: World,
    headers: dict[str, str] | None = None,
    *,
    quantity: int = 2,
    household_id: uuid.UUID | None = None,
    key: str | None = None,
    round_id: uuid.UUID | None = None,
) -> httpx.Response:
    body: dict[str, object] = {
        "partner_id": str(world.partner_id),
        "round_id": str(round_id or world.round_id),
        "lines": [{"item_id": str(world.items[0]), "quantity": quantity}],
    }
    if household_id is not None:
        body["household_id"] = str(household_id)
    extra = {"Idempotency-Key": key} if key else {}
    return await client.post(
        "/api/v1/orders", headers={**(headers or world.resident), **extra}, json=body
    )
