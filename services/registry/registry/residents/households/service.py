"""Reading household files. Personal data is masked unless a privileged caller asks to reveal it,
and each reveal is written to the audit log in the same transaction."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from registry.residents.assignments.scope import scope_of
from registry.residents.audit.repository import Concerning, add_audit_event
from registry.residents.communities.errors import BuildingNotFound
from registry.residents.communities.repository import get_building
from registry.residents.households import repository
from registry.residents.households.errors import HouseholdExists, HouseholdInUse, HouseholdNotFound
from registry.residents.households.file_reads import MemberRow, household_file
from registry.residents.households.models import Household, HouseholdStatus, new_card_number
from registry.residents.households.places import address
from registry.residents.households.references import references_to
from registry.residents.households.repository import HouseholdFilter, HouseholdRow
from registry.residents.households.schemas import (
    HouseholdCreate,
    HouseholdDetail,
    HouseholdRead,
    HouseholdUpdate,
    MemberRead,
)
from registry.residents.people.ages import is_elderly
from registry.residents.people.models import Person
from shouhu_common.identity import Principal, Role
from shouhu_common.pagination import Page, PageParams
from shouhu_common.permissions import Permission, allows
from shouhu_common.pii import PersonalDataCipher, mask_id_number, mask_phone
from shouhu_common.problems import Forbidden


def _reveal(
    cipher: PersonalDataCipher, blob: bytes | None, reveal: bool, mask: Callable[[str], str]
) -> str | None:
    if blob is None:
        return None
    value = cipher.decrypt(blob)
    return value if reveal else mask(value)


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
        address=address(row.compound_name, row.building_name, h.unit, h.room),
        card_number=h.card_number,
        status=h.status,
        contact_phone=_reveal(cipher, h.contact_phone_enc, reveal, mask_phone),
        member_count=row.member_count,
    )


def _member_read(
    p: Person | MemberRow, cipher: PersonalDataCipher, reveal: bool, today: date
) -> MemberRead:
    return MemberRead(
        id=p.id,
        name=p.name,
        relation=p.relation,
        id_number=_reveal(cipher, p.id_number_enc, reveal, mask_id_number),
        phone=_reveal(cipher, p.phone_enc, reveal, mask_phone),
        birth_date=p.birth_date,
        elderly=is_elderly(p.birth_date, today),
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
    """Staff see their communities; a grid worker only the buildings assigned to them."""
    scope = await scope_of(session, principal)
    if flt.community_ids:
        scope = scope.narrowed_to(flt.community_ids[0])
    flt = HouseholdFilter(
        community_ids=scope.community_ids,
        building_id=flt.building_id,
        status=flt.status,
        building_ids=scope.building_ids,
        floors=scope.floors,
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
    if reveal and not allows(principal.role, Permission.personal_data_full):
        raise Forbidden("this role may not see full ID numbers or phones")
    found = await household_file(session, household_id)
    if found is None:
        raise HouseholdNotFound()
    if principal.role == Role.resident:
        if principal.household_id != household_id:
            raise HouseholdNotFound()
    elif not (await scope_of(session, principal)).admits(
        found.community_id, found.building_id, found.floor
    ):
        raise HouseholdNotFound()
    if reveal:
        add_audit_event(
            session,
            principal,
            "reveal_personal_data",
            "household",
            str(household_id),
            reason,
            request_id,
            Concerning(found.community_id, household_id),
        )
        await session.commit()
    return HouseholdDetail(
        id=found.id,
        community_id=found.community_id,
        building_id=found.building_id,
        compound_name=found.compound_name,
        building_name=found.building_name,
        unit=found.unit,
        floor=found.floor,
        room=found.room,
        address=address(found.compound_name, found.building_name, found.unit, found.room),
        card_number=found.card_number,
        status=HouseholdStatus(found.status),
        contact_phone=_reveal(cipher, found.contact_phone_enc, reveal, mask_phone),
        member_count=len(found.members),
        members=[_member_read(p, cipher, reveal, today) for p in found.members],
        revealed=reveal,
    )


async def household_in_scope(
    session: AsyncSession, principal: Principal, household_id: uuid.UUID
) -> Household:
    """The household, if the caller's scope admits it; otherwise it does not exist for them."""
    household = await repository.get_household(session, household_id)
    if household is None or not (await scope_of(session, principal)).admits(
        household.community_id, household.building_id, household.floor
    ):
        raise HouseholdNotFound()
    return household


async def _read(
    session: AsyncSession, cipher: PersonalDataCipher, household_id: uuid.UUID
) -> HouseholdRead:
    row = await repository.get_household_row(session, household_id)
    assert row is not None
    return _household_read(row, cipher, False)


def _phone_columns(cipher: PersonalDataCipher, phone: str | None) -> dict[str, object]:
    if phone is None:
        return {"contact_phone_enc": None, "contact_phone_hash": None}
    return {
        "contact_phone_enc": cipher.encrypt(phone),
        "contact_phone_hash": cipher.blind_index(phone),
    }


async def create_household(
    session: AsyncSession, cipher: PersonalDataCipher, principal: Principal, body: HouseholdCreate
) -> HouseholdRead:
    """A room exists once per building and unit; the card number is unique."""
    building = await get_building(session, body.building_id)
    scope = await scope_of(session, principal)
    if building is None or not scope.admits(building.community_id, building.id, body.floor):
        raise BuildingNotFound()
    room = body.room.strip()
    if await repository.household_at(session, building.id, body.unit, room) is not None:
        raise HouseholdExists()
    household = Household(
        community_id=building.community_id,
        building_id=building.id,
        unit=body.unit,
        floor=body.floor,
        room=room,
        card_number=body.card_number or new_card_number(),
        **_phone_columns(cipher, body.contact_phone),
    )
    repository.add_household(session, household)
    try:
        await session.commit()
    except IntegrityError as exc:
        await session.rollback()
        raise HouseholdExists("the room or the card number is taken") from exc
    return await _read(session, cipher, household.id)


async def update_household(
    session: AsyncSession,
    cipher: PersonalDataCipher,
    principal: Principal,
    household_id: uuid.UUID,
    body: HouseholdUpdate,
) -> HouseholdRead:
    """Grid workers may edit the households of their buildings; the room stays unique."""
    household = await household_in_scope(session, principal, household_id)
    sent = body.model_fields_set
    unit = body.unit if "unit" in sent and body.unit is not None else household.unit
    room = body.room.strip() if "room" in sent and body.room is not None else household.room
    if (unit, room) != (household.unit, household.room):
        if await repository.household_at(session, household.building_id, unit, room):
            raise HouseholdExists()
    household.unit, household.room = unit, room
    if "floor" in sent and body.floor is not None:
        household.floor = body.floor
    if "contact_phone" in sent:
        for column, value in _phone_columns(cipher, body.contact_phone).items():
            setattr(household, column, value)
    try:
        await session.commit()
    except IntegrityError as exc:
        await session.rollback()
        raise HouseholdExists() from exc
    return await _read(session, cipher, household.id)


async def delete_household(
    session: AsyncSession, principal: Principal, household_id: uuid.UUID
) -> None:
    """Refused while people (or, as other domains add checks, passes or quarantines) refer to
    the household: see `references.REFERENCE_CHECKS`."""
    household = await household_in_scope(session, principal, household_id)
    found = await references_to(session, household_id)
    if found:
        raise HouseholdInUse("仍有关联记录：" + "、".join(found))
    try:
        await repository.delete_household(session, household)
        await session.commit()
    except IntegrityError as exc:  # a referring table that has not added its check yet
        await session.rollback()
        raise HouseholdInUse("仍有关联记录") from exc
