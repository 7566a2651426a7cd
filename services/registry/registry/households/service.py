"""Reading household files. Personal data is masked unless a privileged caller asks to reveal it,
and each reveal is written to the audit log in the same transaction."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from registry.audit.repository import add_audit_event
from registry.households import repository
from registry.households.errors import HouseholdNotFound
from registry.households.repository import HouseholdFilter, HouseholdRow
from registry.households.schemas import HouseholdDetail, HouseholdRead, MemberRead
from registry.people.models import Person
from shouhu_common.identity import Principal, Role
from shouhu_common.pagination import Page, PageParams
from shouhu_common.permissions import Permission, allows
from shouhu_common.pii import PersonalDataCipher, mask_id_number, mask_phone
from shouhu_common.problems import Forbidden

ELDERLY_AGE = 65


def _scope(principal: Principal) -> list[uuid.UUID] | None:
    return None if principal.role == Role.admin else list(principal.community_ids)


def _reveal(
    cipher: PersonalDataCipher, blob: bytes | None, reveal: bool, mask: Callable[[str], str]
) -> str | None:
    if blob is None:
        return None
    value = cipher.decrypt(blob)
    return value if reveal else mask(value)


def _age(birth: date | None, today: date) -> int | None:
    if birth is None:
        return None
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def _household_read(row: HouseholdRow, cipher: PersonalDataCipher, reveal: bool) -> HouseholdRead:
    h = row.household
    return HouseholdRead(
        id=h.id,
        community_id=h.community_id,
        building_id=h.building_id,
        compound_name=row.compound_name,
        building_name=row.building_name,
        unit=h.unit,
        floor=h.floor,
        room=h.room,
        address=f"{row.compound_name} {row.building_name} {h.unit}单元 {h.room}",
        card_number=h.card_number,
        status=h.status,
        contact_phone=_reveal(cipher, h.contact_phone_enc, reveal, mask_phone),
        member_count=row.member_count,
    )


def _member_read(p: Person, cipher: PersonalDataCipher, reveal: bool, today: date) -> MemberRead:
    age = _age(p.birth_date, today)
    return MemberRead(
        id=p.id,
        name=p.name,
        relation=p.relation,
        id_number=_reveal(cipher, p.id_number_enc, reveal, mask_id_number),
        phone=_reveal(cipher, p.phone_enc, reveal, mask_phone),
        birth_date=p.birth_date,
        elderly=age is not None and age >= ELDERLY_AGE,
        lives_alone=p.lives_alone,
        chronic_illness=p.chronic_illness,
        disability=p.disability,
        pregnant=p.pregnant,
    )


async def list_households(
    session: AsyncSession,
    cipher: PersonalDataCipher,
    principal: Principal,
    flt: HouseholdFilter,
    page: PageParams,
) -> Page[HouseholdRead]:
    scope = _scope(principal)
    if scope is not None and flt.community_ids is not None:
        scope = [c for c in flt.community_ids if c in scope]
    flt = HouseholdFilter(
        community_ids=scope if scope is not None else flt.community_ids,
        building_id=flt.building_id,
        status=flt.status,
    )
    total = await repository.count_households(session, flt)
    rows = await repository.list_households(session, flt, page.limit, page.offset)
    return Page(
        items=[_household_read(r, cipher, False) for r in rows],
        total=total,
        limit=page.limit,
        offset=page.offset,
    )


async def get_household(
    session: AsyncSession,
    cipher: PersonalDataCipher,
    principal: Principal,
    household_id: uuid.UUID,
    *,
    reveal: bool = False,
    reason: str = "",
    request_id: str = "",
    today: date,
) -> HouseholdDetail:
    """A resident reads only their own household; staff only in their communities.
    `reveal` needs the full-personal-data permission and is audited."""
    row = await repository.get_household_row(session, household_id)
    if row is None:
        raise HouseholdNotFound()
    if principal.role == Role.resident:
        if principal.household_id != household_id:
            raise HouseholdNotFound()
    elif not principal.in_community(row.household.community_id):
        raise HouseholdNotFound()
    if reveal:
        if not allows(principal.role, Permission.personal_data_full):
            raise Forbidden("this role may not see full ID numbers or phones")
        add_audit_event(
            session,
            principal,
            "reveal_personal_data",
            "household",
            str(household_id),
            reason,
            request_id,
        )
        await session.commit()
    members = await repository.list_members(session, household_id)
    base = _household_read(row, cipher, reveal)
    return HouseholdDetail(
        **base.model_dump(),
        members=[_member_read(p, cipher, reveal, today) for p in members],
        revealed=reveal,
    )
