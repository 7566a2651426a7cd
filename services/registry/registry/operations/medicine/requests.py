"""Requests 代配药申请: a refill of a person's regular medicine. Over the counter it becomes a
pharmacy order (the PWA places it through supplies and records its id here); a prescription
refill waits for a run to the hospital."""

from __future__ import annotations

import uuid

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from registry.operations.medicine import repository
from registry.operations.medicine.errors import (
    MedicineClientIdReused,
    MedicineRequestNotFound,
    RequestStateConflict,
)
from registry.operations.medicine.models import MedicineKind, MedicineRequest, RequestStatus
from registry.operations.medicine.reach import (
    households_in_reach,
    in_reach,
    person_in_reach,
    shown_name,
)
from registry.operations.medicine.schemas import (
    MedicineRequestChange,
    MedicineRequestCreate,
    MedicineRequestRead,
)
from registry.residents.communities.errors import CommunityNotFound
from shouhu_common.identity import Principal, Role
from shouhu_common.pagination import Page, PageParams


def request_read(principal: Principal, r: MedicineRequest, name: str) -> MedicineRequestRead:
    return MedicineRequestRead(
        id=r.id,
        community_id=r.community_id,
        household_id=r.household_id,
        person_id=r.person_id,
        person_name=shown_name(principal, name),
        medicine_name=r.medicine_name,
        dose=r.dose,
        quantity=r.quantity,
        hospital=r.hospital,
        kind=r.kind,
        needs_prescription=r.needs_prescription,
        needs_record_book=r.needs_record_book,
        needs_insurance_card=r.needs_insurance_card,
        status=r.status,
        order_id=r.order_id,
        run_id=r.run_id,
        amount_paid_fen=r.amount_paid_fen,
        receipt_number=r.receipt_number,
        repayment=r.repayment,
        note=r.note,
        created_at=r.created_at,
    )


async def _replay(
    session: AsyncSession, community_id: uuid.UUID, body: MedicineRequestCreate
) -> MedicineRequest | None:
    earlier = await repository.request_by_client_id(session, community_id, body.client_id)
    if earlier is not None and earlier.person_id != body.person_id:
        raise MedicineClientIdReused(f"client_id {body.client_id} belongs to another request")
    return earlier


async def create_request(
    session: AsyncSession, principal: Principal, body: MedicineRequestCreate
) -> tuple[MedicineRequestRead, bool]:
    """Returns the request and whether it is new (False: a retry of the same client_id)."""
    person, household = await person_in_reach(session, principal, body.person_id)
    earlier = await _replay(session, household.community_id, body)
    if earlier is not None:
        return request_read(principal, earlier, person.name), False
    request = MedicineRequest(
        client_id=body.client_id,
        community_id=household.community_id,
        household_id=household.id,
        person_id=person.id,
        building_id=household.building_id,
        floor=household.floor,
        medicine_name=body.medicine_name,
        dose=body.dose,
        quantity=body.quantity,
        hospital=body.hospital,
        kind=body.kind,
        needs_prescription=body.needs_prescription,
        needs_record_book=body.needs_record_book,
        needs_insurance_card=body.needs_insurance_card,
        note=body.note,
        requested_by=principal.subject,
    )
    session.add(request)
    try:
        await session.commit()
    except IntegrityError:  # the same client id twice at once: the other request stored it
        await session.rollback()
        again = await _replay(session, household.community_id, body)
        if again is None:
            raise
        return request_read(principal, again, person.name), False
    return request_read(principal, request, person.name), True


async def request_in_reach(
    session: AsyncSession, principal: Principal, request_id: uuid.UUID
) -> MedicineRequest:
    request = await repository.get_request(session, request_id)
    if request is None:
        raise MedicineRequestNotFound()
    household = await repository.household_of(session, request.household_id)
    if household is None or not await in_reach(session, principal, household):
        raise MedicineRequestNotFound()
    return request


async def list_requests(
    session: AsyncSession,
    principal: Principal,
    community_id: uuid.UUID | None,
    status: RequestStatus | None,
    kind: MedicineKind | None,
    page: PageParams,
) -> Page[MedicineRequestRead]:
    if community_id is not None and principal.role != Role.resident:
        if not principal.in_community(community_id):
            raise CommunityNotFound()
    where = [await households_in_reach(session, principal, community_id)]
    if status is not None:
        where.append(MedicineRequest.status == status)
    if kind is not None:
        where.append(MedicineRequest.kind == kind)
    total, rows = await repository.list_requests(session, where, page.limit, page.offset)
    items = [request_read(principal, r, name) for r, name in rows]
    return Page(items=items, total=total, limit=page.limit, offset=page.offset)


async def get_request(
    session: AsyncSession, principal: Principal, request_id: uuid.UUID
) -> MedicineRequestRead:
    request = await request_in_reach(session, principal, request_id)
    return request_read(
        principal, request, await repository.person_name(session, request.person_id)
    )


async def change_request(
    session: AsyncSession, principal: Principal, request_id: uuid.UUID, body: MedicineRequestChange
) -> MedicineRequestRead:
    """An order id only for an over-the-counter request not yet ordered (the same id again
    changes nothing); cancelling only before the request is ordered or on a run."""
    request = await request_in_reach(session, principal, request_id)
    if body.order_id is not None and body.order_id != request.order_id:
        if request.kind != MedicineKind.otc or request.status != RequestStatus.requested:
            raise RequestStateConflict("only a waiting over-the-counter request takes an order")
        request.order_id = body.order_id
        request.status = RequestStatus.ordered
    if body.status is not None and request.status != RequestStatus.cancelled:
        if request.status != RequestStatus.requested:
            raise RequestStateConflict(f"a request {request.status} cannot be cancelled")
        request.status = RequestStatus.cancelled
    if body.note is not None:
        request.note = body.note
    await session.commit()
    return request_read(
        principal, request, await repository.person_name(session, request.person_id)
    )
