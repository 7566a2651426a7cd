"""Queries of the roster."""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, String, cast, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from registry.operations.workers.models import Worker, WorkerCategory, WorkerKind


@dataclass(frozen=True, slots=True)
class WorkerFilter:
    community_ids: Sequence[uuid.UUID] | None  # None: every community
    kind: WorkerKind | None = None
    category: WorkerCategory | None = None
    active: bool | None = None
    has_account: bool | None = None
    skill: str | None = None
    name: str | None = None
    phone_hash: str | None = None


def _filtered(query: Select[Any], flt: WorkerFilter) -> Select[Any]:
    if flt.community_ids is not None:
        query = query.where(Worker.community_id.in_(flt.community_ids))
    if flt.kind is not None:
        query = query.where(Worker.kind == flt.kind)
    if flt.category is not None:
        query = query.where(Worker.category == flt.category)
    if flt.active is not None:
        query = query.where(Worker.active == flt.active)
    if flt.has_account is not None:
        has = Worker.account_username.is_not(None)
        query = query.where(has if flt.has_account else ~has)
    if flt.skill is not None:
        # skills are a JSON list; both databases keep the text as SQLAlchemy wrote it
        query = query.where(
            cast(Worker.skills, String).contains(json.dumps(flt.skill), autoescape=True)
        )
    if flt.name is not None:
        query = query.where(Worker.name.contains(flt.name, autoescape=True))
    if flt.phone_hash is not None:
        query = query.where(Worker.phone_hash == flt.phone_hash)
    return query


async def list_workers(
    session: AsyncSession, flt: WorkerFilter, limit: int, offset: int
) -> tuple[int, Sequence[Worker]]:
    total = (await session.execute(_filtered(select(func.count(Worker.id)), flt))).scalar_one()
    query = _filtered(select(Worker), flt).order_by(Worker.name, Worker.id)
    rows = (await session.scalars(query.limit(limit).offset(offset))).all()
    return int(total), rows


async def get_worker(session: AsyncSession, worker_id: uuid.UUID) -> Worker | None:
    return await session.get(Worker, worker_id)


async def get_by_client_id(session: AsyncSession, client_id: uuid.UUID) -> Worker | None:
    return (await session.scalars(select(Worker).where(Worker.client_id == client_id))).first()


async def with_phone(
    session: AsyncSession, community_id: uuid.UUID, phone_hash: str
) -> Worker | None:
    query = select(Worker).where(
        Worker.community_id == community_id, Worker.phone_hash == phone_hash
    )
    return (await session.scalars(query)).first()


async def with_account(
    session: AsyncSession, community_ids: Sequence[uuid.UUID] | None, username: str
) -> Sequence[Worker]:
    query = select(Worker).where(Worker.account_username == username)
    if community_ids is not None:
        query = query.where(Worker.community_id.in_(community_ids))
    return (await session.scalars(query)).all()


async def workers_by_id(
    session: AsyncSession, worker_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, Worker]:
    if not worker_ids:
        return {}
    rows = await session.scalars(select(Worker).where(Worker.id.in_(set(worker_ids))))
    return {w.id: w for w in rows}


def add_worker(session: AsyncSession, worker: Worker) -> None:
    session.add(worker)


async def delete_worker(session: AsyncSession, worker: Worker) -> None:
    await session.delete(worker)
    await session.flush()
