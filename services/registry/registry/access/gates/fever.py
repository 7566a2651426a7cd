"""A fever at the gate opens a fever-clinic referral 转诊 for the household, naming the person when
the pass is personal or the volunteer picked the member; staff close it (referrals/). The referral
row is written in the same transaction as its gate log, so a retried log never opens a second one.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from registry.access.gates.errors import PassNotFound, PersonNotInHousehold
from registry.access.gates.schemas import GateMember
from registry.access.gates.state import CommunityState
from registry.access.gates.verdicts import Judgement
from registry.health.referrals.models import Referral, ReferralStatus
from registry.residents.people.models import Person
from shouhu_common.pii import mask_name

GATE_NOTE = "卡口测温"


def referral_values(
    state: CommunityState,
    j: Judgement,
    temperature: float | None,
    at: datetime,
    log_id: uuid.UUID,
    person_id: uuid.UUID | None = None,
) -> dict[str, Any] | None:
    """The referral row a feverish passage opens; None without a fever or a pass of ours (a forged
    or unknown card names no household: its fever stays flagged on the gate log)."""
    if not j.fever or j.entry is None or temperature is None:
        return None
    return {
        "id": uuid.uuid4(),
        "community_id": state.community_id,
        "household_id": j.entry.household_id,
        "person_id": person_id or j.entry.person_id,
        "quarantine_id": None,
        "follow_up_id": None,
        "gate_log_id": log_id,
        "gate_visitor_id": None,
        "temperature": round(temperature, 1),
        "status": ReferralStatus.open.value,
        "opened_at": at,
        "note": GATE_NOTE,
    }


async def referral_of_log(session: AsyncSession, log_id: uuid.UUID) -> uuid.UUID | None:
    query = select(Referral.id).where(Referral.gate_log_id == log_id)
    return (await session.execute(query)).scalar_one_or_none()


async def households_of(
    session: AsyncSession, person_ids: Iterable[uuid.UUID]
) -> dict[uuid.UUID, uuid.UUID]:
    wanted = set(person_ids)
    if not wanted:
        return {}
    query = select(Person.id, Person.household_id).where(Person.id.in_(wanted))
    return {row.id: row.household_id for row in (await session.execute(query)).all()}


async def check_member(
    sessionmaker: Callable[[], AsyncSession], household_id: uuid.UUID, person_id: uuid.UUID
) -> None:
    """Only on a fever, so the hot path reads nothing."""
    async with sessionmaker() as session:
        found = await households_of(session, [person_id])
    if found.get(person_id) != household_id:
        raise PersonNotInHousehold()


async def members(
    session: AsyncSession, state: CommunityState, pass_id: uuid.UUID
) -> list[GateMember]:
    """Whom the volunteer may pick on a fever: the pass's household, names masked."""
    entry = state.passes.get(pass_id)
    if entry is None:
        raise PassNotFound()
    query = (
        select(Person.id, Person.name, Person.relation, Person.birth_date)
        .where(Person.household_id == entry.household_id)
        .order_by(Person.relation != "户主", Person.created_at, Person.id)
    )
    if entry.person_id is not None:
        query = query.where(Person.id == entry.person_id)
    return [
        GateMember(
            person_id=pid,
            name=mask_name(name),
            relation=relation,
            birth_year=birth.year if birth else None,
        )
        for pid, name, relation, birth in (await session.execute(query)).all()
    ]
