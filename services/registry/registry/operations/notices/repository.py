"""Queries of notices."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from registry.operations.notices.models import Notice, NoticeState


@dataclass(frozen=True, slots=True)
class NoticeFilter:
    community_ids: Sequence[uuid.UUID] | None  # None: every community
    state: NoticeState | None = None
    now: datetime | None = None  # the time `state` is judged at


def _in_state(query: Select[Any], state: NoticeState, now: datetime) -> Select[Any]:
    if state == NoticeState.withdrawn:
        return query.where(Notice.withdrawn_at.is_not(None))
    query = query.where(Notice.withdrawn_at.is_(None))
    if state == NoticeState.scheduled:
        return query.where(Notice.published_at > now)
    if state == NoticeState.expired:
        return query.where(Notice.expires_at <= now)
    return query.where(
        Notice.published_at <= now, or_(Notice.expires_at.is_(None), Notice.expires_at > now)
    )


def _filtered(query: Select[Any], flt: NoticeFilter) -> Select[Any]:
    if flt.community_ids is not None:
        query = query.where(Notice.community_id.in_(flt.community_ids))
    if flt.state is not None and flt.now is not None:
        query = _in_state(query, flt.state, flt.now)
    return query


async def list_notices(
    session: AsyncSession, flt: NoticeFilter, limit: int, offset: int
) -> tuple[int, Sequence[Notice]]:
    """Pinned first, then the latest published."""
    total = (await session.execute(_filtered(select(func.count(Notice.id)), flt))).scalar_one()
    query = _filtered(select(Notice), flt).order_by(
        Notice.pinned.desc(), Notice.published_at.desc(), Notice.id
    )
    return int(total), (await session.scalars(query.limit(limit).offset(offset))).all()


async def get_notice(session: AsyncSession, notice_id: uuid.UUID) -> Notice | None:
    return await session.get(Notice, notice_id)


async def get_by_client_id(session: AsyncSession, client_id: uuid.UUID) -> Notice | None:
    return (await session.scalars(select(Notice).where(Notice.client_id == client_id))).first()


def add(session: AsyncSession, notice: Notice) -> None:
    session.add(notice)
