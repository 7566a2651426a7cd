"""Visitors and couriers without a pass, and returning residents, registered at the gate.

A returning resident (返回人员) is also put on the registry's returnee list for screening, in the
same transaction and under the same client id (returnees/at_gate.py); with a fever, a returnee of a
known household opens a fever-clinic referral. Phones are stored encrypted with a keyed hash, and
shown masked to everyone."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from registry.access.gates import repository
from registry.access.gates.errors import HouseholdNotFound
from registry.access.gates.models import GateVisitor, VisitorKind
from registry.access.gates.schemas import VisitorCreate, VisitorRead
from registry.access.gates.service import gate_state
from registry.access.gates.state import GateStates
from registry.health.referrals.models import Referral
from registry.health.referrals.repository import referral_ids_of_visitors
from registry.health.returnees.at_gate import returnee_at_gate
from registry.residents.households.models import Household
from shouhu_common.identity import Principal, Role
from shouhu_common.pagination import Page, PageParams
from shouhu_common.pii import PersonalDataCipher, mask_phone


def visitor_read(
    v: GateVisitor,
    cipher: PersonalDataCipher,
    duplicate: bool = False,
    referral_id: uuid.UUID | None = None,
) -> VisitorRead:
    phone = cipher.decrypt(v.phone_enc) if v.phone_enc else ""
    return VisitorRead(
        id=v.id,
        client_id=v.client_id,
        gate_id=v.gate_id,
        kind=str(v.kind),
        name=v.name,
        phone=mask_phone(phone),
        purpose=v.purpose,
        visiting=v.visiting,
        household_id=v.household_id,
        from_city=v.from_city,
        transport=v.transport,
        arrival_date=v.arrival_date,
        temperature=v.temperature,
        fever=v.fever,
        registered_at=v.registered_at,
        returnee_id=v.returnee_id,
        referral_id=referral_id,
        duplicate=duplicate,
    )


async def register_visitor(
    session: AsyncSession,
    states: GateStates,
    cipher: PersonalDataCipher,
    principal: Principal,
    body: VisitorCreate,
    now: datetime,
) -> VisitorRead:
    """Once per client id: a retry answers with the first registration."""
    state = await gate_state(states, principal, body.gate_id)
    existing = await repository.get_visitor_by_client_id(session, body.client_id)
    if existing is not None and existing.community_id == state.community_id:
        return await _earlier(session, cipher, existing)
    if body.household_id is not None:
        household = await session.get(Household, body.household_id)
        if household is None or household.community_id != state.community_id:
            raise HouseholdNotFound()
    fever = body.temperature >= state.rule.fever_threshold
    returnee = None
    if body.kind == VisitorKind.returnee:
        assert body.household_id is not None  # the schema requires it of a returnee
        returnee = await returnee_at_gate(
            session,
            cipher,
            client_id=body.client_id,
            community_id=state.community_id,
            household_id=body.household_id,
            name=body.name,
            phone=body.phone,
            from_city=body.from_city,
            transport=body.transport,
            arrival_date=body.arrival_date,
            registered_by=principal.subject[:100],
        )
    visitor = GateVisitor(
        id=uuid.uuid4(),
        client_id=body.client_id,
        community_id=state.community_id,
        gate_id=body.gate_id,
        kind=body.kind,
        name=body.name,
        phone_enc=cipher.encrypt(body.phone),
        phone_hash=cipher.blind_index(body.phone),
        purpose=body.purpose,
        visiting=body.visiting,
        household_id=body.household_id,
        from_city=body.from_city,
        transport=body.transport,
        arrival_date=body.arrival_date,
        temperature=round(body.temperature, 1),
        fever=fever,
        returnee_id=returnee.id if returnee else None,
        logged_by=principal.subject[:100],
        registered_at=now,
    )
    referral = None
    try:
        if returnee is not None:
            await session.flush()  # plain foreign keys: the returnee row goes in first
        session.add(visitor)
        if returnee is not None and fever:
            await session.flush()
            referral = Referral(
                community_id=state.community_id,
                household_id=returnee.household_id,
                person_id=returnee.person_id,
                gate_visitor_id=visitor.id,
                temperature=visitor.temperature,
                opened_at=now,
                note="卡口返回人员登记",
            )
            session.add(referral)
        await session.commit()
    except IntegrityError:  # the same client id committed concurrently
        await session.rollback()
        existing = await repository.get_visitor_by_client_id(session, body.client_id)
        if existing is None or existing.community_id != state.community_id:
            raise
        return await _earlier(session, cipher, existing)
    return visitor_read(visitor, cipher, referral_id=referral.id if referral else None)


async def _earlier(
    session: AsyncSession, cipher: PersonalDataCipher, visitor: GateVisitor
) -> VisitorRead:
    referrals = await referral_ids_of_visitors(session, [visitor.id])
    return visitor_read(visitor, cipher, duplicate=True, referral_id=referrals.get(visitor.id))


async def list_visitors(
    session: AsyncSession,
    cipher: PersonalDataCipher,
    principal: Principal,
    community_id: uuid.UUID | None,
    kind: str | None,
    gate_id: uuid.UUID | None,
    page: PageParams,
) -> Page[VisitorRead]:
    scope = None if principal.role == Role.admin else list(principal.community_ids)
    if community_id is not None:
        scope = [community_id] if scope is None or community_id in scope else []
    total, rows = await repository.list_visitors(
        session, scope, kind, gate_id, page.limit, page.offset
    )
    referrals = await referral_ids_of_visitors(session, [v.id for v in rows])
    return Page(
        items=[visitor_read(v, cipher, referral_id=referrals.get(v.id)) for v in rows],
        total=total,
        limit=page.limit,
        offset=page.offset,
    )
