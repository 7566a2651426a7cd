"""Returnees 返回人员: registered by staff or grid workers; the 14-day watch ends by itself
(`watch_until` is computed from the arrival date, `under_watch` from today)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from registry.health.returnees import repository
from registry.health.returnees.errors import (
    InvalidReturnee,
    ReturneeClientIdReused,
    ReturneeNotFound,
    ReturneeSubjectNotFound,
)
from registry.health.returnees.models import WATCH_DAYS, Returnee
from registry.health.returnees.repository import ReturneeFilter
from registry.health.returnees.schemas import ReturneeCreate, ReturneeRead
from registry.residents.assignments.scope import Scope, scope_of
from registry.residents.communities import repository as communities
from registry.residents.communities.errors import CommunityNotFound
from registry.residents.communities.service import community_for
from registry.residents.people.phones import normalize_phone
from shouhu_common.identity import Principal
from shouhu_common.pagination import Page, PageParams
from shouhu_common.pii import PersonalDataCipher, mask_phone

ZONE = ZoneInfo("Asia/Shanghai")
MAX_AHEAD_DAYS = 30  # an arrival announced in advance
MAX_BEHIND_DAYS = 60


@dataclass(frozen=True, slots=True)
class Created:
    returnee: ReturneeRead
    created: bool


def today() -> date:
    return datetime.now(ZONE).date()


def check_arrival(arrival: date) -> None:
    now = today()
    if arrival > now + timedelta(days=MAX_AHEAD_DAYS):
        raise InvalidReturnee(f"arrival_date is more than {MAX_AHEAD_DAYS} days ahead")
    if arrival < now - timedelta(days=MAX_BEHIND_DAYS):
        raise InvalidReturnee(f"arrival_date is more than {MAX_BEHIND_DAYS} days ago")


def returnee_read(r: Returnee, cipher: PersonalDataCipher) -> ReturneeRead:
    return ReturneeRead(
        id=r.id,
        client_id=r.client_id,
        community_id=r.community_id,
        household_id=r.household_id,
        person_id=r.person_id,
        name=r.name,
        phone=mask_phone(cipher.decrypt(r.phone_enc)) if r.phone_enc else None,
        from_city=r.from_city,
        transport=r.transport,
        transport_number=r.transport_number,
        arrival_date=r.arrival_date,
        watch_until=r.watch_until,
        under_watch=r.watch_until > today(),
        note=r.note,
        created_by=r.created_by,
        created_at=r.created_at,
    )


async def _visible(
    session: AsyncSession, principal: Principal, scope: Scope, returnee: Returnee
) -> bool:
    if scope.community_ids is not None and returnee.community_id not in scope.community_ids:
        return False
    if scope.building_ids is None or returnee.created_by == principal.subject:
        return True
    if returnee.household_id is None:
        return False
    household = await repository.get_household(session, returnee.household_id)
    return household is not None and scope.admits(
        household.community_id, household.building_id, household.floor
    )


async def _place(
    session: AsyncSession, principal: Principal, scope: Scope, body: ReturneeCreate
) -> tuple[uuid.UUID, uuid.UUID | None, str | None]:
    """(community, household, name from the registry) of the returnee, inside the caller's scope."""
    household_id, name = body.household_id, None
    if body.person_id is not None:
        person = await repository.get_person(session, body.person_id)
        if person is None:
            raise ReturneeSubjectNotFound("no such person in your communities")
        if household_id is not None and household_id != person.household_id:
            raise ReturneeSubjectNotFound("the person does not live in this household")
        household_id, name = person.household_id, person.name
    if household_id is not None:
        household = await repository.get_household(session, household_id)
        if household is None or not scope.admits(
            household.community_id, household.building_id, household.floor
        ):
            raise ReturneeSubjectNotFound("no such household in your buildings")
        return household.community_id, household.id, name
    community_id = community_for(principal, body.community_id)
    if await communities.get_community(session, community_id) is None:
        raise CommunityNotFound()
    return community_id, None, name


async def register_returnee(
    session: AsyncSession, cipher: PersonalDataCipher, principal: Principal, body: ReturneeCreate
) -> Created:
    scope = await scope_of(session, principal)
    earlier = await repository.get_by_client_id(session, body.client_id)
    if earlier is not None:
        if (earlier.person_id, earlier.arrival_date) != (body.person_id, body.arrival_date):
            raise ReturneeClientIdReused(f"client_id {body.client_id} belongs to another record")
        if not await _visible(session, principal, scope, earlier):
            raise ReturneeNotFound()
        return Created(returnee_read(earlier, cipher), created=False)
    phone = None
    if body.phone:
        phone = normalize_phone(body.phone)
        if phone is None:
            raise InvalidReturnee("phone is not a Chinese mobile number")
    check_arrival(body.arrival_date)
    community_id, household_id, name = await _place(session, principal, scope, body)
    returnee = Returnee(
        client_id=body.client_id,
        community_id=community_id,
        household_id=household_id,
        person_id=body.person_id,
        name=name or body.name or "",
        phone_enc=cipher.encrypt(phone) if phone else None,
        phone_hash=cipher.blind_index(phone) if phone else None,
        from_city=body.from_city,
        transport=body.transport,
        transport_number=body.transport_number,
        arrival_date=body.arrival_date,
        watch_until=body.arrival_date + timedelta(days=WATCH_DAYS),
        note=body.note,
        created_by=principal.subject,
    )
    session.add(returnee)
    try:
        await session.commit()
    except IntegrityError:  # the same client_id arrived twice at once
        await session.rollback()
        first = await repository.get_by_client_id(session, body.client_id)
        if first is None:
            raise
        return Created(returnee_read(first, cipher), created=False)
    return Created(returnee_read(returnee, cipher), created=True)


async def list_returnees(
    session: AsyncSession,
    cipher: PersonalDataCipher,
    principal: Principal,
    flt: ReturneeFilter,
    page: PageParams,
) -> Page[ReturneeRead]:
    scope = (await scope_of(session, principal)).narrowed_to(
        flt.community_ids[0] if flt.community_ids else None
    )
    flt = ReturneeFilter(
        community_ids=scope.community_ids,
        building_ids=scope.building_ids,
        floors=scope.floors,
        registered_by=principal.subject,
        under_watch=flt.under_watch,
        today=today(),
        household_id=flt.household_id,
    )
    total = await repository.count_returnees(session, flt)
    rows = await repository.list_returnees(session, flt, page.limit, page.offset)
    items = [returnee_read(r, cipher) for r in rows]
    return Page(items=items, total=total, limit=page.limit, offset=page.offset)


async def get_returnee(
    session: AsyncSession, cipher: PersonalDataCipher, principal: Principal, returnee_id: uuid.UUID
) -> ReturneeRead:
    returnee = await repository.get_returnee(session, returnee_id)
    scope = await scope_of(session, principal)
    if returnee is None or not await _visible(session, principal, scope, returnee):
        raise ReturneeNotFound()
    return returnee_read(returnee, cipher)
