from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from supplies.partners.models import Partner, PartnerKind


async def get_partner(session: AsyncSession, partner_id: uuid.UUID) -> Partner | None:
    return await session.get(Partner, partner_id)


async def find_partner_by_name(
    session: AsyncSession, community_id: uuid.UUID, name: str
) -> Partner | None:
    query = select(Partner).where(Partner.community_id == community_id, Partner.name == name)
    return (await session.scalars(query)).first()


async def list_partners(
    session: AsyncSession,
    community_ids: Sequence[uuid.UUID] | None,
    kinds: Sequence[PartnerKind] | None = None,
) -> Sequence[Partner]:
    query = select(Partner).order_by(Partner.kind, Partner.name)
    if community_ids is not None:
        query = query.where(Partner.community_id.in_(community_ids))
    if kinds is not None:
        query = query.where(Partner.kind.in_(kinds))
    return (await session.scalars(query)).all()


def add_partner(session: AsyncSession, partner: Partner) -> Partner:
    session.add(partner)
    return partner
