"""The roster 工作人员名册: staff list the people who work in their community. The phone is
encrypted with a blind index and masked; a full read needs the full-personal-data permission
and is audited. A phone and an account belong to one worker per community."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from registry.operations.workers import repository
from registry.operations.workers.errors import (
    WorkerAccountTaken,
    WorkerClientIdReused,
    WorkerInUse,
    WorkerNotFound,
    WorkerPhoneTaken,
)
from registry.operations.workers.models import Worker
from registry.operations.workers.repository import WorkerFilter
from registry.operations.workers.schemas import (
    CATEGORY_NAMES,
    AvailabilitySlot,
    WorkerCreate,
    WorkerDetail,
    WorkerRead,
    WorkerUpdate,
)
from registry.residents.audit.repository import Concerning, add_audit_event
from registry.residents.communities import repository as communities
from registry.residents.communities.errors import CommunityNotFound
from registry.residents.communities.service import community_for
from registry.residents.people.phones import normalize_phone
from registry.residents.people.schemas import today_in_china
from shouhu_common.identity import Principal, Role
from shouhu_common.pagination import Page, PageParams
from shouhu_common.permissions import Permission, allows
from shouhu_common.pii import PersonalDataCipher, mask_phone
from shouhu_common.problems import Forbidden


def worker_read(worker: Worker, cipher: PersonalDataCipher, reveal: bool = False) -> WorkerRead:
    phone = cipher.decrypt(worker.phone_enc) if worker.phone_enc else None
    year = today_in_china().year
    return WorkerRead(
        id=worker.id,
        community_id=worker.community_id,
        name=worker.name,
        kind=worker.kind,
        category=worker.category,
        category_name=CATEGORY_NAMES[worker.category],
        birth_year=worker.birth_year,
        age=year - worker.birth_year if worker.birth_year else None,
        phone=phone if reveal or phone is None else mask_phone(phone),
        skills=list(worker.skills),
        availability=[AvailabilitySlot.model_validate(s) for s in worker.availability],
        availability_note=worker.availability_note,
        account_username=worker.account_username,
        has_account=worker.account_username is not None,
        active=worker.active,
        note=worker.note,
        created_at=worker.created_at,
        updated_at=worker.updated_at,
    )


def _communities(principal: Principal) -> list[uuid.UUID] | None:
    return None if principal.role == Role.admin else list(principal.community_ids)


async def worker_in_reach(
    session: AsyncSession, principal: Principal, worker_id: uuid.UUID
) -> Worker:
    """Another community's worker does not exist for the caller."""
    worker = await repository.get_worker(session, worker_id)
    if worker is None or not principal.in_community(worker.community_id):
        raise WorkerNotFound()
    return worker


async def workers_of_account(
    session: AsyncSession, principal: Principal, community_ids: Sequence[uuid.UUID] | None = None
) -> Sequence[Worker]:
    """The roster entries linked to the caller's account (one per community at most)."""
    if not principal.username:
        return []
    scope = _communities(principal) if community_ids is None else list(community_ids)
    return await repository.with_account(session, scope, principal.username)


async def list_workers(
    session: AsyncSession,
    cipher: PersonalDataCipher,
    principal: Principal,
    flt: WorkerFilter,
    q: str | None,
    page: PageParams,
) -> Page[WorkerRead]:
    """`q` is a whole mobile number (exact, through the blind index) or part of a name."""
    scope = _communities(principal)
    if flt.community_ids:
        if not principal.in_community(flt.community_ids[0]):
            raise CommunityNotFound()
        scope = list(flt.community_ids)
    text = (q or "").strip()
    phone = normalize_phone(text) if text else None
    flt = WorkerFilter(
        community_ids=scope,
        kind=flt.kind,
        category=flt.category,
        active=flt.active,
        has_account=flt.has_account,
        skill=flt.skill,
        name=text if text and phone is None else None,
        phone_hash=cipher.blind_index(phone) if phone else None,
    )
    total, rows = await repository.list_workers(session, flt, page.limit, page.offset)
    items = [worker_read(w, cipher) for w in rows]
    return Page(items=items, total=total, limit=page.limit, offset=page.offset)


async def get_worker(
    session: AsyncSession,
    cipher: PersonalDataCipher,
    principal: Principal,
    worker_id: uuid.UUID,
    *,
    reveal: bool,
    reason: str,
    request_id: str,
) -> WorkerDetail:
    """`reveal` needs the full-personal-data permission and is written to the audit log."""
    if reveal and not allows(principal.role, Permission.personal_data_full):
        raise Forbidden("this role may not see full phone numbers")
    worker = await worker_in_reach(session, principal, worker_id)
    if reveal:
        add_audit_event(
            session,
            principal,
            "reveal_personal_data",
            "worker",
            str(worker.id),
            reason,
            request_id,
            Concerning(worker.community_id),
        )
        await session.commit()
    return WorkerDetail(**worker_read(worker, cipher, reveal).model_dump(), revealed=reveal)


async def _refuse_taken(
    session: AsyncSession,
    cipher: PersonalDataCipher,
    community_id: uuid.UUID,
    worker_id: uuid.UUID | None,
    phone: str | None,
    username: str | None,
) -> None:
    if phone is not None:
        other = await repository.with_phone(session, community_id, cipher.blind_index(phone))
        if other is not None and other.id != worker_id:
            raise WorkerPhoneTaken(f"{other.name} 已使用该手机号")
    if username is not None:
        others = await repository.with_account(session, [community_id], username)
        if any(o.id != worker_id for o in others):
            raise WorkerAccountTaken(f"账号 {username} 已关联 {others[0].name}")


async def _commit(session: AsyncSession) -> None:
    try:
        await session.commit()
    except IntegrityError as exc:  # a concurrent write took the phone or the account
        await session.rollback()
        raise WorkerPhoneTaken("手机号或账号已被同时提交的另一条记录使用") from exc


async def _earlier(
    session: AsyncSession, principal: Principal, body: WorkerCreate
) -> Worker | None:
    if body.client_id is None:
        return None
    earlier = await repository.get_by_client_id(session, body.client_id)
    if earlier is None:
        return None
    if earlier.name != body.name.strip() or not principal.in_community(earlier.community_id):
        raise WorkerClientIdReused(f"client_id {body.client_id} belongs to another worker")
    return earlier


async def create_worker(
    session: AsyncSession, cipher: PersonalDataCipher, principal: Principal, body: WorkerCreate
) -> tuple[WorkerRead, bool]:
    """Returns the worker and whether it is new (False: a retry of the same client_id)."""
    earlier = await _earlier(session, principal, body)
    if earlier is not None:
        return worker_read(earlier, cipher), False
    community_id = community_for(principal, body.community_id)
    if await communities.get_community(session, community_id) is None:
        raise CommunityNotFound()
    await _refuse_taken(session, cipher, community_id, None, body.phone, body.account_username)
    worker = Worker(
        id=uuid.uuid4(),
        client_id=body.client_id,
        community_id=community_id,
        name=body.name.strip(),
        kind=body.kind,
        category=body.category,
        birth_year=body.birth_year,
        phone_enc=cipher.encrypt(body.phone) if body.phone else None,
        phone_hash=cipher.blind_index(body.phone) if body.phone else None,
        skills=body.skills,
        availability=[s.model_dump(mode="json") for s in body.availability],
        availability_note=body.availability_note,
        account_username=body.account_username,
        active=body.active,
        note=body.note,
        created_by=principal.subject,
    )
    repository.add_worker(session, worker)
    try:
        await session.commit()
    except IntegrityError as exc:
        await session.rollback()
        again = await _earlier(session, principal, body)  # the same client_id arrived twice
        if again is not None:
            return worker_read(again, cipher), False
        raise WorkerPhoneTaken("手机号或账号已被同时提交的另一条记录使用") from exc
    return worker_read(worker, cipher), True


async def update_worker(
    session: AsyncSession,
    cipher: PersonalDataCipher,
    principal: Principal,
    worker_id: uuid.UUID,
    body: WorkerUpdate,
) -> WorkerRead:
    """Changes only what is sent."""
    worker = await worker_in_reach(session, principal, worker_id)
    sent = body.model_fields_set
    await _refuse_taken(
        session,
        cipher,
        worker.community_id,
        worker.id,
        body.phone if "phone" in sent else None,
        body.account_username if "account_username" in sent else None,
    )
    changes: dict[str, Any] = {}
    if "phone" in sent:
        changes["phone_enc"] = cipher.encrypt(body.phone) if body.phone else None
        changes["phone_hash"] = cipher.blind_index(body.phone) if body.phone else None
    for field in ("birth_year", "account_username"):  # may be cleared with null
        if field in sent:
            changes[field] = getattr(body, field)
    for field in ("name", "kind", "category", "skills", "availability_note", "active", "note"):
        value = getattr(body, field)
        if field in sent and value is not None:
            changes[field] = value.strip() if field == "name" else value
    if "availability" in sent and body.availability is not None:
        changes["availability"] = [s.model_dump(mode="json") for s in body.availability]
    for field, value in changes.items():
        setattr(worker, field, value)
    await _commit(session)
    return worker_read(worker, cipher)


async def delete_worker(session: AsyncSession, principal: Principal, worker_id: uuid.UUID) -> None:
    """Refused once the worker is on a shift: the shift's history keeps them (deactivate)."""
    worker = await worker_in_reach(session, principal, worker_id)
    try:
        await repository.delete_worker(session, worker)
        await session.commit()
    except IntegrityError as exc:
        await session.rollback()
        raise WorkerInUse() from exc
