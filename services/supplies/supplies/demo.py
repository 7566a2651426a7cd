"""The demo community's partners: two supermarkets and a pharmacy."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from shouhu_common.demo_ids import DEMO_COMMUNITY_ID, DEMO_PARTNERS, demo_partner_id
from supplies.partners.models import Partner, PartnerKind


async def is_loaded(session: AsyncSession) -> bool:
    return bool((await session.execute(select(func.count(Partner.id)))).scalar_one())


async def load_demo(session: AsyncSession) -> int:
    for slug, name, kind, _key in DEMO_PARTNERS:
        session.add(
            Partner(
                id=demo_partner_id(slug),
                community_id=DEMO_COMMUNITY_ID,
                name=name,
                kind=PartnerKind(kind),
            )
        )
    await session.commit()
    return len(DEMO_PARTNERS)
