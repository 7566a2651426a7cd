"""Queries of gate poster tokens and visitor self-registrations."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from registry.access.gates.models import Gate
from registry.access.visitor_registrations.models import (
    GatePosterToken,
    RegistrationStatus,
    VisitorRegistration,
)


async def gate_of_token(session: AsyncSession, token: str) -> Gate | None:
    query = select(Gate).join(GatePosterToken, GatePosterToken.gate_id == Gate.id)
    return (await session.scalars(query.where(GatePosterToken.token == token))).first()


async def poster_token(session: AsyncSession, gate_id: uuid.UUID) -> GatePosterToken | None:
    return await session.get(GatePosterToken, gate_id)


async def get_by_client_id(
    session: AsyncSession, community_id: uuid.UUID, client_id: uuid.UUID
) -> VisitorRegistration | None:
    query = select(VisitorRegistration).where(
        VisitorRegistration.community_id == community_id,
        VisitorRegistration.client_id == client_id,
    )
    return (await session.scalars(query)).first()


async def count_since(
    session: AsyncSession, community_id: uuid.UUID, gate_id: uuid.UUID, since: datetime
) -> int:
    query = select(func.count(VisitorRegistration.id)).where(
        VisitorRegistration.community_id == community_id,
        VisitorRegistration.gate_id == gate_id,
        VisitorRegistration.submitted_at >= since,
    )
    return int((await session.execute(query)).scalar_one())


async def pending_at_gate(
    session: AsyncSession, community_id: uuid.UUID, gate_id: uuid.UUID, now: datetime
) -> Sequence[VisitorRegistration]:
    query = (
        select(VisitorRegistration)
        .where(
            VisitorRegistration.community_id == community_id,
            VisitorRegistration.gate_id == gate_id,
            VisitorRegistration.status == RegistrationStatus.pending,
            VisitorRegistration.expires_at > now,
        )
        .order_by(VisitorRegistration.submitted_at.desc(), VisitorRegistration.id)
        .limit(100)
    )
    return (await session.scalars(query)).all()
