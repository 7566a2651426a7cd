"""The queries that load and refresh the in-memory gate state (see state.py)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from registry.access.gate_rules.models import GateRule
from registry.access.gate_rules.rules import RuleSnapshot
from registry.access.gates.models import Gate, GateAssignment, GateQuotaUse, GateQuotaVersion
from registry.access.passes.models import AccessPass, PassSigningKey, PassStateVersion, PassStatus
from registry.residents.communities.models import Building, Community, Compound
from registry.residents.households.models import Household, HouseholdStatus
from registry.residents.households.places import address

if TYPE_CHECKING:
    from registry.access.gates.state import PassEntry


@dataclass(frozen=True, slots=True)
class KeyRow:
    kid: int
    community_id: uuid.UUID
    public_key: bytes
    retired_at: datetime | None
    verify_until: datetime | None


async def community_zone(session: AsyncSession, community_id: uuid.UUID) -> str | None:
    query = select(Community.timezone).where(Community.id == community_id)
    return (await session.execute(query)).scalar_one_or_none()


async def state_version(session: AsyncSession, community_id: uuid.UUID) -> int:
    versions = await state_versions(session, [community_id])
    return versions.get(community_id, 0)


async def state_versions(
    session: AsyncSession, community_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, int]:
    query = select(PassStateVersion.community_id, PassStateVersion.version).where(
        PassStateVersion.community_id.in_(community_ids)
    )
    return dict((await session.execute(query)).all())


async def quota_versions(
    session: AsyncSession, community_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, int]:
    query = select(GateQuotaVersion.community_id, GateQuotaVersion.version).where(
        GateQuotaVersion.community_id.in_(community_ids)
    )
    return dict((await session.execute(query)).all())


async def passes(session: AsyncSession, community_id: uuid.UUID, since: int) -> list[PassEntry]:
    from registry.access.gates.state import PassEntry

    query = select(
        AccessPass.id,
        AccessPass.household_id,
        AccessPass.person_id,
        AccessPass.number,
        AccessPass.status,
        AccessPass.reason,
        AccessPass.valid_from,
        AccessPass.valid_until,
        AccessPass.pass_version,
        AccessPass.state_version,
    ).where(AccessPass.community_id == community_id, AccessPass.state_version > since)
    return [
        PassEntry(
            id=r[0],
            community_id=community_id,
            household_id=r[1],
            person_id=r[2],
            number=r[3],
            status=PassStatus(r[4]),
            reason=r[5],
            valid_from=r[6],
            valid_until=r[7],
            pass_version=r[8],
            state_version=r[9],
        )
        for r in (await session.execute(query)).all()
    ]


async def rule(session: AsyncSession, community_id: uuid.UUID) -> RuleSnapshot:
    return RuleSnapshot.of(await session.get(GateRule, community_id, populate_existing=True))


async def gates(session: AsyncSession, community_id: uuid.UUID) -> dict[uuid.UUID, frozenset[str]]:
    query = (
        select(Gate.id, GateAssignment.subject)
        .outerjoin(GateAssignment, GateAssignment.gate_id == Gate.id)
        .where(Gate.community_id == community_id)
    )
    posted: dict[uuid.UUID, set[str]] = {}
    for gate_id, subject in (await session.execute(query)).all():
        bucket = posted.setdefault(gate_id, set())
        if subject is not None:
            bucket.add(subject)
    return {gate_id: frozenset(subjects) for gate_id, subjects in posted.items()}


async def keys(
    session: AsyncSession,
    *,
    community_id: uuid.UUID | None = None,
    kids: Sequence[int] | None = None,
) -> list[KeyRow]:
    query = select(
        PassSigningKey.kid,
        PassSigningKey.community_id,
        PassSigningKey.public_key,
        PassSigningKey.retired_at,
        PassSigningKey.verify_until,
    )
    if community_id is not None:
        query = query.where(PassSigningKey.community_id == community_id)
    if kids is not None:
        query = query.where(PassSigningKey.kid.in_(kids))
    return [KeyRow(*row) for row in (await session.execute(query)).all()]


async def addresses(
    session: AsyncSession,
    community_id: uuid.UUID,
    household_ids: Sequence[uuid.UUID] | None = None,
) -> dict[uuid.UUID, str]:
    query = (
        select(Household.id, Compound.name, Building.name, Household.unit, Household.room)
        .join(Building, Building.id == Household.building_id)
        .join(Compound, Compound.id == Building.compound_id)
        .where(Household.community_id == community_id)
    )
    if household_ids is not None:
        query = query.where(Household.id.in_(household_ids))
    return {r[0]: address(r[1], r[2], r[3], r[4]) for r in (await session.execute(query)).all()}


async def closed_households(
    session: AsyncSession, community_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, dict[uuid.UUID, str]]:
    """Households not `normal` (home quarantine, sealed), per community: a short list."""
    query = select(Household.community_id, Household.id, Household.status).where(
        Household.community_id.in_(community_ids), Household.status != HouseholdStatus.normal
    )
    out: dict[uuid.UUID, dict[uuid.UUID, str]] = {}
    for community_id, household_id, status in (await session.execute(query)).all():
        out.setdefault(community_id, {})[household_id] = str(status)
    return out


async def quota_holders(
    session: AsyncSession, community_id: uuid.UUID
) -> dict[tuple[uuid.UUID, int], dict[uuid.UUID, int]]:
    """Exits taken per subject and window (log client id → slot), for the latest two windows."""
    latest = select(func.max(GateQuotaUse.window_index)).where(
        GateQuotaUse.community_id == community_id
    )
    newest = (await session.execute(latest)).scalar_one_or_none()
    if newest is None:
        return {}
    query = select(
        GateQuotaUse.subject_id,
        GateQuotaUse.window_index,
        GateQuotaUse.gate_log_client_id,
        GateQuotaUse.seq,
    ).where(GateQuotaUse.community_id == community_id, GateQuotaUse.window_index >= newest - 1)
    holders: dict[tuple[uuid.UUID, int], dict[uuid.UUID, int]] = {}
    for subject, window, client_id, seq in (await session.execute(query)).all():
        holders.setdefault((subject, window), {})[client_id] = seq
    return holders


async def community_of_pass_number(session: AsyncSession, number: str) -> uuid.UUID | None:
    query = select(AccessPass.community_id).where(AccessPass.number == number)
    return (await session.execute(query)).scalar_one_or_none()


async def community_of_gate(session: AsyncSession, gate_id: uuid.UUID) -> uuid.UUID | None:
    query = select(Gate.community_id).where(Gate.id == gate_id)
    return (await session.execute(query)).scalar_one_or_none()
