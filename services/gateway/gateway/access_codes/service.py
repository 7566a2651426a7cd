"""Household access codes: one live code per household; issuing a new one retires the old, and
with it every resident token signed in with the old one (authn.current_generation)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.access_codes.models import HouseholdAccessCode
from gateway.access_codes.schemas import AccessCodeIssued
from gateway.accounts.schemas import TokenRead
from gateway.clients.registry import HouseholdRef
from gateway.config import GatewaySettings
from gateway.security import access_code_digest, issue_access_token, new_access_code
from shouhu_common.identity import Principal, Role
from shouhu_common.problems import NotAuthenticated


async def issue_code(
    session: AsyncSession,
    settings: GatewaySettings,
    household: HouseholdRef,
    code: str | None = None,
) -> AccessCodeIssued:
    """`code` is only passed by the demo loader; otherwise a random 12-character code."""
    code = code or new_access_code()
    await session.execute(
        update(HouseholdAccessCode)
        .where(
            HouseholdAccessCode.household_id == household.id,
            HouseholdAccessCode.revoked_at.is_(None),
        )
        .values(revoked_at=datetime.now(UTC))
    )
    session.add(
        HouseholdAccessCode(
            household_id=household.id,
            community_id=household.community_id,
            code_hash=access_code_digest(settings.access_code_secret, code),
        )
    )
    await session.commit()
    return AccessCodeIssued(household_id=household.id, address=household.address, access_code=code)


async def sign_in_resident(
    session: AsyncSession, settings: GatewaySettings, code: str
) -> TokenRead:
    digest = access_code_digest(settings.access_code_secret, code)
    query = select(HouseholdAccessCode).where(HouseholdAccessCode.code_hash == digest)
    row = (await session.scalars(query)).first()
    if row is None or row.revoked_at is not None:
        raise NotAuthenticated("unknown or replaced access code")
    principal = Principal(
        subject=f"household:{row.household_id}",
        role=Role.resident,
        community_ids=(row.community_id,),
        household_id=row.household_id,
        name="居民",
    )
    lifetime = settings.resident_token_days * 86400
    token = issue_access_token(settings.jwt_secret, principal, lifetime, str(row.id))
    return TokenRead(access_token=token.token, expires_in=lifetime, role=Role.resident)
