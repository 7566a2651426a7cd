"""People 居民: filing members of a household, finding them, revealing their personal data.

ID numbers and phones are encrypted with a blind index; an ID number is registered once. Grid
workers reach only the people of their buildings. A full read is audited.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from registry.residents.assignments.scope import Scope, scope_of
from registry.residents.audit.repository import Concerning, add_audit_event
from registry.residents.households.places import address
from registry.residents.households.service import household_in_scope
from registry.residents.people import repository
from registry.residents.people.ages import age_on, is_elderly
from registry.residents.people.errors import (
    PersonDataInvalid,
    PersonExists,
    PersonInUse,
    PersonNotFound,
    SearchQueryUnsupported,
)
from registry.residents.people.id_numbers import birth_date_of, birth_date_problem
from registry.residents.people.models import Person
from registry.residents.people.phones import normalize_phone
from registry.residents.people.repository import PersonFilter, PersonRow
from registry.residents.people.schemas import (
    PersonCreate,
    PersonDetail,
    PersonPage,
    PersonRead,
    PersonUpdate,
)
from registry.residents.people.search_keys import has_chinese, match_rank, query_key
from shouhu_common.identity import Principal
from shouhu_common.pagination import PageParams
from shouhu_common.permissions import Permission, allows
from shouhu_common.pii import PersonalDataCipher, mask_id_number, mask_phone
from shouhu_common.problems import Forbidden

SEARCH_WINDOW = 1000
_ID_NUMBER = re.compile(r"\d{17}[\dXx]")
_PINYIN = re.compile(r"[A-Za-z]+")


@dataclass(frozen=True, slots=True)
class PersonQuery:
    q: str | None = None
    community_id: uuid.UUID | None = None
    building_id: uuid.UUID | None = None
    unit: int | None = None
    room: str | None = None
    household_id: uuid.UUID | None = None


def _shown(
    cipher: PersonalDataCipher, blob: bytes | None, reveal: bool, mask: Callable[[str], str]
) -> str | None:
    if blob is None:
        return None
    value = cipher.decrypt(blob)
    return value if reveal else mask(value)


def person_read(
    row: PersonRow, cipher: PersonalDataCipher, today: date, reveal: bool = False
) -> PersonRead:
    p = row.person
    return PersonRead(
        id=p.id,
        community_id=p.community_id,
        household_id=p.household_id,
        building_id=row.building_id,
        address=address(row.compound_name, row.building_name, row.unit, row.room),
        name=p.name,
        relation=p.relation,
        id_number=_shown(cipher, p.id_number_enc, reveal, mask_id_number),
        phone=_shown(cipher, p.phone_enc, reveal, mask_phone),
        birth_date=p.birth_date,
        age=age_on(p.birth_date, today),
        elderly=is_elderly(p.birth_date, today),
        lives_alone=p.lives_alone,
        chronic_illness=p.chronic_illness,
        disability=p.disability,
        pregnant=p.pregnant,
    )


async def _filter(session: AsyncSession, scope: Scope, query: PersonQuery) -> PersonFilter:
    scope = scope.narrowed_to(query.community_id)
    communities = scope.community_ids
    if communities is None:  # an admin: every community, so the key index still applies
        communities = tuple(await repository.all_community_ids(session))
    return PersonFilter(
        community_ids=communities,
        building_ids=scope.building_ids,
        floors=scope.floors,
        building_id=query.building_id,
        unit=query.unit,
        room=query.room.strip() if query.room else None,
        household_id=query.household_id,
    )


async def search_people(
    session: AsyncSession,
    cipher: PersonalDataCipher,
    principal: Principal,
    query: PersonQuery,
    page: PageParams,
    today: date,
) -> PersonPage:
    """`q` is a full ID number or mobile number (exact, through the blind index), Chinese
    characters (any part of the name), or letters (pinyin initials `zs` or full pinyin, every
    reading of every character). Name searches return at most the first 1,000 matches."""
    flt = await _filter(session, await scope_of(session, principal), query)
    text = "".join((query.q or "").split())
    if not text:
        total = await repository.count_people(session, flt)
        rows = await repository.list_people(session, flt, page.limit, page.offset)
        return _page(rows, cipher, today, total, page)
    if _ID_NUMBER.fullmatch(text):
        flt = _with(flt, id_number_hash=cipher.blind_index(text.upper()))
    elif (phone := normalize_phone(text)) is not None:
        flt = _with(flt, phone_hash=cipher.blind_index(phone))
    elif has_chinese(text) or _PINYIN.fullmatch(text):
        key = query_key(text)[:64]
        ids, truncated = await repository.search_window(session, flt, key, SEARCH_WINDOW)
        names = await repository.names_of(session, ids)
        ids.sort(key=lambda i: match_rank(names.get(i, ""), key))  # stable: key order within
        rows = await repository.people_rows(session, ids[page.offset : page.offset + page.limit])
        result = _page(rows, cipher, today, len(ids), page)
        result.truncated = truncated
        return result
    else:
        raise SearchQueryUnsupported(
            "可按姓名（汉字或拼音首字母）查询，或输入完整的身份证号、手机号"
        )
    total = await repository.count_people(session, flt)
    rows = await repository.list_people(session, flt, page.limit, page.offset)
    return _page(rows, cipher, today, total, page)


def _with(flt: PersonFilter, **changes: object) -> PersonFilter:
    values = {name: getattr(flt, name) for name in PersonFilter.__dataclass_fields__}
    return PersonFilter(**{**values, **changes})


def _page(
    rows: list[PersonRow], cipher: PersonalDataCipher, today: date, total: int, page: PageParams
) -> PersonPage:
    return PersonPage(
        items=[person_read(r, cipher, today) for r in rows],
        total=total,
        limit=page.limit,
        offset=page.offset,
    )


async def _row_in_scope(
    session: AsyncSession, principal: Principal, person_id: uuid.UUID
) -> PersonRow:
    row = await repository.get_person_row(session, person_id)
    scope = await scope_of(session, principal)
    if row is None or not scope.admits(row.person.community_id, row.building_id, row.floor):
        raise PersonNotFound()
    return row


async def get_person(
    session: AsyncSession,
    cipher: PersonalDataCipher,
    principal: Principal,
    person_id: uuid.UUID,
    *,
    reveal: bool,
    reason: str,
    request_id: str,
    today: date,
) -> PersonDetail:
    """`reveal` needs the full-personal-data permission and is written to the audit log."""
    if reveal and not allows(principal.role, Permission.personal_data_full):
        raise Forbidden("this role may not see full ID numbers or phones")
    row = await _row_in_scope(session, principal, person_id)
    if reveal:
        add_audit_event(
            session,
            principal,
            "reveal_personal_data",
            "person",
            str(person_id),
            reason,
            request_id,
            Concerning(row.person.community_id, row.person.household_id, person_id),
        )
        await session.commit()
    return PersonDetail(**person_read(row, cipher, today, reveal).model_dump(), revealed=reveal)


def _set_id_number(person: Person, cipher: PersonalDataCipher, id_number: str | None) -> None:
    person.id_number_enc = cipher.encrypt(id_number) if id_number else None
    person.id_number_hash = cipher.blind_index(id_number) if id_number else None


def _set_phone(person: Person, cipher: PersonalDataCipher, phone: str | None) -> None:
    person.phone_enc = cipher.encrypt(phone) if phone else None
    person.phone_hash = cipher.blind_index(phone) if phone else None


async def _refuse_duplicate(
    session: AsyncSession,
    cipher: PersonalDataCipher,
    id_number: str | None,
    person_id: uuid.UUID | None,
) -> None:
    if id_number is None:
        return
    other = await repository.person_with_id_number(session, cipher.blind_index(id_number))
    if other is not None and other.id != person_id:
        raise PersonExists()


async def _commit_person(session: AsyncSession, person: Person, name_changed: bool) -> None:
    if name_changed:
        await session.flush()
        await repository.write_search_keys(session, [(person.id, person.community_id, person.name)])
    try:
        await session.commit()
    except IntegrityError as exc:  # a concurrent write took the ID number first
        await session.rollback()
        raise PersonExists() from exc


async def create_person(
    session: AsyncSession,
    cipher: PersonalDataCipher,
    principal: Principal,
    body: PersonCreate,
    today: date,
) -> PersonDetail:
    """The ID number is unique across the registry; the birth date comes from it if absent."""
    household = await household_in_scope(session, principal, body.household_id)
    await _refuse_duplicate(session, cipher, body.id_number, None)
    person = Person(
        id=uuid.uuid4(),
        community_id=household.community_id,
        household_id=household.id,
        name=body.name.strip(),
        relation=body.relation,
        birth_date=body.birth_date or (birth_date_of(body.id_number) if body.id_number else None),
        lives_alone=body.lives_alone,
        chronic_illness=body.chronic_illness,
        disability=body.disability,
        pregnant=body.pregnant,
    )
    _set_id_number(person, cipher, body.id_number)
    _set_phone(person, cipher, body.phone)
    repository.add_person(session, person)
    await _commit_person(session, person, name_changed=True)
    return PersonDetail(
        **person_read(
            await _row_in_scope(session, principal, person.id), cipher, today
        ).model_dump()
    )


async def update_person(
    session: AsyncSession,
    cipher: PersonalDataCipher,
    principal: Principal,
    person_id: uuid.UUID,
    body: PersonUpdate,
    today: date,
) -> PersonDetail:
    """Changes only what is sent; the birth date and ID number must still agree."""
    row = await _row_in_scope(session, principal, person_id)
    person = row.person
    sent = body.model_fields_set
    if "household_id" in sent and body.household_id is not None:
        target = await household_in_scope(session, principal, body.household_id)
        person.household_id, person.community_id = target.id, target.community_id
    id_number = (
        body.id_number
        if "id_number" in sent
        else (cipher.decrypt(person.id_number_enc) if person.id_number_enc else None)
    )
    birth = body.birth_date if "birth_date" in sent else person.birth_date
    if id_number is not None:
        problem = birth_date_problem(id_number, birth, today)
        if problem:
            raise PersonDataInvalid(problem)
        birth = birth or birth_date_of(id_number)
    if "id_number" in sent:
        await _refuse_duplicate(session, cipher, id_number, person.id)
        _set_id_number(person, cipher, id_number)
    if "phone" in sent:
        _set_phone(person, cipher, body.phone)
    person.birth_date = birth
    name_changed = "name" in sent and body.name is not None and body.name.strip() != person.name
    if name_changed and body.name is not None:
        person.name = body.name.strip()
    for flag in ("relation", "lives_alone", "chronic_illness", "disability", "pregnant"):
        value = getattr(body, flag)
        if flag in sent and value is not None:
            setattr(person, flag, value)
    moved = "household_id" in sent
    await _commit_person(session, person, name_changed or moved)
    return PersonDetail(
        **person_read(
            await _row_in_scope(session, principal, person.id), cipher, today
        ).model_dump()
    )


async def delete_person(session: AsyncSession, principal: Principal, person_id: uuid.UUID) -> None:
    """Refused while other records (quarantines, passes, follow-ups…) still refer to the
    person: the database's foreign keys say so."""
    row = await _row_in_scope(session, principal, person_id)
    try:
        await repository.delete_person(session, row.person)
        await session.commit()
    except IntegrityError as exc:
        await session.rollback()
        raise PersonInUse("仍有隔离、出入证等记录关联此居民") from exc
