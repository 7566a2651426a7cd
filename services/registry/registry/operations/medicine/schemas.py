from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from registry.operations.medicine.models import (
    CustodyItem,
    MedicineKind,
    Repayment,
    RequestStatus,
    RunStatus,
)
from registry.text_fields import OneLine


class MedicineRequestCreate(BaseModel):
    """A refill of a person's regular medicine. A resident asks for a member of their household;
    a worker for a person in their area."""

    model_config = ConfigDict(extra="forbid")

    client_id: uuid.UUID
    person_id: uuid.UUID
    medicine_name: OneLine = Field(min_length=1, max_length=100, examples=["硝苯地平控释片"])
    dose: OneLine = Field("", max_length=100, examples=["30mg 每日一次"])
    quantity: OneLine = Field("", max_length=50, examples=["2盒"])
    hospital: OneLine = Field("", max_length=100, examples=["市第一人民医院"])
    kind: MedicineKind
    needs_prescription: bool = False
    needs_record_book: bool = False
    needs_insurance_card: bool = False
    note: OneLine = Field("", max_length=200)


class RequestAction(StrEnum):
    cancelled = "cancelled"


class MedicineRequestChange(BaseModel):
    """`order_id`: the supplies order the PWA placed for an over-the-counter request."""

    model_config = ConfigDict(extra="forbid")

    order_id: uuid.UUID | None = None
    status: RequestAction | None = None
    note: OneLine | None = Field(None, max_length=200)


class MedicineRequestRead(BaseModel):
    id: uuid.UUID
    community_id: uuid.UUID
    household_id: uuid.UUID
    person_id: uuid.UUID
    person_name: str = Field(description="Masked for roles without full personal data.")
    medicine_name: str
    dose: str
    quantity: str
    hospital: str
    kind: MedicineKind
    needs_prescription: bool
    needs_record_book: bool
    needs_insurance_card: bool
    status: RequestStatus
    order_id: uuid.UUID | None
    run_id: uuid.UUID | None
    amount_paid_fen: int | None
    receipt_number: str
    repayment: Repayment
    note: str
    created_at: datetime


class RunCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    client_id: uuid.UUID
    worker_id: uuid.UUID = Field(description="The roster worker who goes.")
    hospital: OneLine = Field(min_length=1, max_length=100)
    run_date: date
    request_ids: list[uuid.UUID] = Field(min_length=1, max_length=100)
    note: OneLine = Field("", max_length=200)


class RunStatusChange(BaseModel):
    model_config = ConfigDict(extra="forbid")

    status: RunStatus


class RunOutcome(StrEnum):
    collected = "collected"
    partly = "partly"
    not_available = "not_available"


class RunLineChange(BaseModel):
    """What came back for one request, what it cost, and whether the resident paid it back."""

    model_config = ConfigDict(extra="forbid")

    outcome: RunOutcome | None = None
    amount_paid_fen: int | None = Field(None, ge=0, le=10_000_000)
    receipt_number: OneLine | None = Field(None, max_length=50)
    repayment: Repayment | None = None


class RunRead(BaseModel):
    id: uuid.UUID
    community_id: uuid.UUID
    worker_id: uuid.UUID
    worker_name: str
    hospital: str
    run_date: date
    status: RunStatus
    note: str
    created_at: datetime
    out_at: datetime | None
    back_at: datetime | None
    closed_at: datetime | None
    requests: list[MedicineRequestRead]


class ReconciliationLine(BaseModel):
    request_id: uuid.UUID
    person_name: str
    medicine_name: str
    status: RequestStatus
    amount_paid_fen: int | None
    receipt_number: str
    repayment: Repayment


class Reconciliation(BaseModel):
    run_id: uuid.UUID
    hospital: str
    run_date: date
    worker_name: str
    status: RunStatus
    requests: int
    collected: int
    partly: int
    not_available: int
    paid_fen: int = Field(description="Paid at the hospital, in fen.")
    repaid_fen: int = Field(description="Paid back by residents.")
    waived_fen: int = Field(description="Not asked back.")
    outstanding_fen: int = Field(description="Still to be paid back.")
    lines: list[ReconciliationLine]


class HandoverCreate(BaseModel):
    """The item goes from whoever holds it now to `to_worker_id` (null: back to its owner)."""

    model_config = ConfigDict(extra="forbid")

    client_id: uuid.UUID
    person_id: uuid.UUID = Field(description="Whose card or book.")
    item: CustodyItem
    to_worker_id: uuid.UUID | None
    run_id: uuid.UUID | None = None
    note: OneLine = Field("", max_length=200)


class HandoverRead(BaseModel):
    id: uuid.UUID
    community_id: uuid.UUID
    person_id: uuid.UUID
    person_name: str
    item: CustodyItem
    seq: int
    current: bool = Field(description="The latest hand-over of this item: its holder is `to`.")
    from_worker_id: uuid.UUID | None = Field(description="null: from its owner.")
    from_name: str
    to_worker_id: uuid.UUID | None = Field(description="null: back to its owner.")
    to_name: str
    run_id: uuid.UUID | None
    note: str
    handed_at: datetime
    recorded_by: str
    confirmed_at: datetime | None = Field(description="null: the receiver has not confirmed.")
    confirmed_by: str | None
    flag: str | None = Field(
        None, description="`quarantined` or `off_duty`: the holder cannot keep it; reassign."
    )
