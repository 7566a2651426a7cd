"""Builders for the community-operations tests (tasks, disinfection, dispatch, notices): a
community with its office, a grid worker and a volunteer whose accounts are linked to roster
workers, and times in the community's zone."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
from sqlalchemy import update

from registry.operations.disinfections.models import DisinfectionSchedule
from registry.operations.workers.models import Worker, WorkerCategory, WorkerKind
from tests.builders import CommunityTree, make_community, make_user, sign_in
from tests.conftest import Stack

SHANGHAI = ZoneInfo("Asia/Shanghai")
Headers = dict[str, str]


def local_today() -> date:
    return datetime.now(SHANGHAI).date()


def at(day: date, clock: str) -> datetime:
    """`clock` (HH:MM) on `day` in Shanghai, as a UTC datetime."""
    hours, minutes = int(clock[:2]), int(clock[3:])
    return datetime.combine(day, time(hours, minutes), SHANGHAI).astimezone(UTC)


def iso(moment: datetime) -> str:
    return moment.isoformat()


async def account(
    client: httpx.AsyncClient, stack: Stack, role: str, community_id: uuid.UUID
) -> tuple[str, Headers]:
    """A fresh signed-in account: (username, Authorization header)."""
    username = f"{role[:4]}{uuid.uuid4().hex[:8]}"
    await make_user(stack, username, role, [community_id])
    return username, {"Authorization": f"Bearer {await sign_in(client, username)}"}


async def make_worker(
    stack: Stack,
    community_id: uuid.UUID,
    name: str,
    username: str | None = None,
    *,
    kind: WorkerKind = WorkerKind.grid_worker,
    active: bool = True,
) -> uuid.UUID:
    async with stack.registry.state.sessionmaker() as session:
        worker = Worker(
            community_id=community_id,
            name=name,
            kind=kind,
            category=WorkerCategory.social_worker,
            account_username=username,
            active=active,
        )
        session.add(worker)
        await session.commit()
        return worker.id


@dataclass
class Office:
    tree: CommunityTree
    staff: Headers
    grid: Headers  # a grid worker linked to `grid_worker_id`
    grid_worker_id: uuid.UUID
    volunteer: Headers  # a gate volunteer linked to `volunteer_worker_id`
    volunteer_worker_id: uuid.UUID
    officer: Headers

    @property
    def community_id(self) -> uuid.UUID:
        return self.tree.community_id


async def make_office(client: httpx.AsyncClient, stack: Stack, name: str = "运行社区") -> Office:
    tree = await make_community(stack, name=name, households=2)
    _, staff = await account(client, stack, "staff", tree.community_id)
    grid_name, grid = await account(client, stack, "grid_worker", tree.community_id)
    vol_name, volunteer = await account(client, stack, "gate_volunteer", tree.community_id)
    _, officer = await account(client, stack, "officer", tree.community_id)
    grid_id = await make_worker(stack, tree.community_id, "网格员 王强", grid_name)
    vol_id = await make_worker(
        stack, tree.community_id, "志愿者 陈军", vol_name, kind=WorkerKind.volunteer
    )
    return Office(tree, staff, grid, grid_id, volunteer, vol_id, officer)


async def backdate_schedule(stack: Stack, schedule_id: str, since: datetime) -> None:
    """A schedule made in a test started "now"; this makes it older, as in real use."""
    async with stack.registry.state.sessionmaker() as session:
        await session.execute(
            update(DisinfectionSchedule)
            .where(DisinfectionSchedule.id == uuid.UUID(schedule_id))
            .values(effective_from=since)
        )
        await session.commit()


def lift_record(
    building_id: uuid.UUID, done_at: datetime | None = None, **extra: Any
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "client_id": str(uuid.uuid4()),
        "place_kind": "lift",
        "building_id": str(building_id),
        "agent": "84消毒液",
        "concentration": "1:100",
        **extra,
    }
    if done_at is not None:
        body["done_at"] = iso(done_at)
    return body


def past(**delta: float) -> datetime:
    return datetime.now(UTC) - timedelta(**delta)


def future(**delta: float) -> datetime:
    return datetime.now(UTC) + timedelta(**delta)
