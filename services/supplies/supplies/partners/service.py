"""Partners of a community. A partner sees only itself; staff see their communities' partners."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from shouhu_common.identity import Principal, Role
from supplies.partners import repository
from supplies.partners.errors import PartnerNameTaken, PartnerNotFound
from supplies.partners.models import Partner, PartnerKind
from supplies.partners.schemas import PartnerCreate


def _scope(principal: Principal) -> list[uuid.UUID] | None:
    return None if principal.role == Role.admin else list(principal.community_ids)


# A resident orders from shops; a lab (results only) is nothing they can order from.
SHOPS = [PartnerKind.supermarket, PartnerKind.pharmacy]


async def list_partners(session: AsyncSession, principal: Principal) -> list[Partner]:
    kinds = SHOPS if principal.role == Role.resident else None
    return list(await repository.list_partners(session, _scope(principal), kinds))


async def get_partner(
    session: AsyncSession, principal: Principal, partner_id: uuid.UUID
) -> Partner:
    partner = await repository.get_partner(session, partner_id)
    if partner is None or not principal.in_community(partner.community_id):
        raise PartnerNotFound()
    return partner


async def get_own_partner(session: AsyncSession, principal: Principal) -> Partner:
    """The partner behind an API key; its record may have been removed since the key was made."""
    if principal.partner_id is None:
        raise PartnerNotFound()
    partner = await repository.get_partner(session, principal.partner_id)
    if partner is None:
        raise PartnerNotFound()
    return partner


async def register_partner(
    session: AsyncSession, principal: Principal, data: PartnerCreate
) -> Partner:
    if not principal.in_community(data.community_id):
        raise PartnerNotFound("unknown community")
    if await repository.find_partner_by_name(session, data.community_id, data.name):
        raise PartnerNameTaken()
    partner = repository.add_partner(session, Partner(**data.model_dump()))
    await session.commit()
    return partner
