"""The registry service as the gateway uses it."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel

from gateway.clients.base import UpstreamClient
from gateway.clients.figures import RegistryDailyRef, RegistryDashboardRef, report_params
from shouhu_common.identity import Principal


class HouseholdRef(BaseModel):
    """The fields of a household the gateway needs (to issue an access code)."""

    id: uuid.UUID
    community_id: uuid.UUID
    address: str


class MemberRef(BaseModel):
    """A member as the registry shows them to this caller (masked unless revealed)."""

    name: str
    relation: str
    id_number: str | None
    phone: str | None
    elderly: bool


class HouseholdFileRef(HouseholdRef):
    """A household with its members (the household card)."""

    card_number: str
    status: str
    contact_phone: str | None
    members: list[MemberRef]


class PassRef(BaseModel):
    id: uuid.UUID
    person_id: uuid.UUID | None
    number: str
    status: str
    effective_status: str
    reason: str
    valid_from: datetime
    valid_until: datetime
    issued_at: datetime


class OutingQuotaRef(BaseModel):
    scope: str
    exits_per_period: int
    period_days: int
    used: int
    left: int
    window_ends_at: datetime


class QuarantineRef(BaseModel):
    person_name: str | None
    kind: str
    start_date: date
    planned_end_date: date


class OutingRef(BaseModel):
    """When the household may next go out (`GET /gate/households/{id}/outing`)."""

    household_status: str
    can_go_out_now: bool
    reason: str | None
    message: str
    next_allowed_at: datetime | None
    quota: OutingQuotaRef | None
    curfew: str | None
    quarantine_end_date: date | None
    quarantines: list[QuarantineRef]


class NoticeRef(BaseModel):
    id: uuid.UUID
    title: str
    body: str
    pinned: bool = False
    published_at: datetime


class TestingResultRef(BaseModel):
    result: str
    sampled_at: datetime


class TestingMemberRef(BaseModel):
    person_id: uuid.UUID
    name: str
    sampled: bool
    arrangement: str | None
    latest_result: TestingResultRef | None


class TestingPointRef(BaseModel):
    point_id: uuid.UUID
    name: str
    place: str
    opens_at: str
    closes_at: str
    level: str


class TestingSlotRef(BaseModel):
    point_id: uuid.UUID
    point_name: str
    place: str
    from_floor: int
    to_floor: int
    starts_at: str
    ends_at: str


class TestingRoundRef(BaseModel):
    id: uuid.UUID
    name: str
    round_date: date
    status: str


class HouseholdTestingRef(BaseModel):
    """A household's current testing round (`GET /testing-rounds/households/{id}/current`)."""

    round: TestingRoundRef | None
    slot: TestingSlotRef | None
    points: list[TestingPointRef]
    members: list[TestingMemberRef]


class SelfReportLatestRef(BaseModel):
    temperature: float | None
    antigen_result: str | None
    reported_at: datetime
    fever: bool


class SelfReportMemberRef(BaseModel):
    person_id: uuid.UUID
    name: str
    in_quarantine: bool
    reported: bool
    latest: SelfReportLatestRef | None


class HouseholdSelfReportsRef(BaseModel):
    """Who of a household has reported this period (`GET /self-reports/households/{id}/today`)."""

    local_date: date
    period: str
    replaces_calls: bool
    fever_threshold: float
    members: list[SelfReportMemberRef]


class AppealBriefRef(BaseModel):
    id: uuid.UUID
    status: str
    outcome: str | None
    answer_note: str
    submitted_at: datetime
    answered_at: datetime | None


class StatusChangeRef(BaseModel):
    """A status change locking the household in (`GET /status-changes`)."""

    record_type: str
    record_id: uuid.UUID
    kind: str
    person_name: str | None
    reason_code: str
    reason_label: str
    reason: str
    since: date
    until: date | None
    appeal: AppealBriefRef | None


class RegistryClient(UpstreamClient):
    name = "registry"

    async def get_household(
        self, household_id: uuid.UUID, principal: Principal, request_id: str = ""
    ) -> HouseholdRef:
        body: Any = await self.get_json(f"/api/v1/households/{household_id}", principal, request_id)
        return HouseholdRef.model_validate(body)

    async def get_household_file(
        self, household_id: uuid.UUID, principal: Principal, request_id: str = ""
    ) -> HouseholdFileRef:
        body: Any = await self.get_json(f"/api/v1/households/{household_id}", principal, request_id)
        return HouseholdFileRef.model_validate(body)

    async def list_household_passes(
        self, household_id: uuid.UUID, principal: Principal, request_id: str = ""
    ) -> list[PassRef]:
        params: dict[str, str | int] = {"household_id": str(household_id), "limit": 50}
        body: Any = await self.get_json("/api/v1/passes", principal, request_id, params)
        return [PassRef.model_validate(item) for item in body["items"]]

    async def get_pass_qr_svg(
        self, pass_id: uuid.UUID, principal: Principal, request_id: str = ""
    ) -> str:
        response = await self.get(f"/api/v1/passes/{pass_id}/qr.svg", principal, request_id)
        return response.text

    async def get_outing(
        self, household_id: uuid.UUID, principal: Principal, request_id: str = ""
    ) -> OutingRef:
        path = f"/api/v1/gate/households/{household_id}/outing"
        return OutingRef.model_validate(await self.get_json(path, principal, request_id))

    async def list_notices(
        self, principal: Principal, limit: int, request_id: str = ""
    ) -> list[NoticeRef]:
        """The notices in force for the caller's community (a resident: their own)."""
        params: dict[str, str | int] = {"limit": limit}
        body: Any = await self.get_json("/api/v1/notices", principal, request_id, params)
        return [NoticeRef.model_validate(item) for item in body["items"]]

    async def get_household_testing(
        self, household_id: uuid.UUID, principal: Principal, request_id: str = ""
    ) -> HouseholdTestingRef:
        path = f"/api/v1/testing-rounds/households/{household_id}/current"
        return HouseholdTestingRef.model_validate(await self.get_json(path, principal, request_id))

    async def get_household_self_reports(
        self, household_id: uuid.UUID, principal: Principal, request_id: str = ""
    ) -> HouseholdSelfReportsRef:
        path = f"/api/v1/self-reports/households/{household_id}/today"
        body: Any = await self.get_json(path, principal, request_id)
        return HouseholdSelfReportsRef.model_validate(body)

    async def list_status_changes(
        self, household_id: uuid.UUID, principal: Principal, request_id: str = ""
    ) -> list[StatusChangeRef]:
        params: dict[str, str | int] = {"household_id": str(household_id)}
        body: Any = await self.get_json("/api/v1/status-changes", principal, request_id, params)
        return [StatusChangeRef.model_validate(item) for item in body]

    async def daily_figures(
        self,
        day: date | None,
        community_id: uuid.UUID | None,
        principal: Principal,
        request_id: str = "",
    ) -> RegistryDailyRef:
        """The registry's half of the daily report, for the caller's communities."""
        params = report_params(day, community_id)
        body: Any = await self.get_json(
            "/api/v1/registry-reports/daily", principal, request_id, params
        )
        return RegistryDailyRef.model_validate(body)

    async def dashboard_figures(
        self, community_id: uuid.UUID | None, principal: Principal, request_id: str = ""
    ) -> RegistryDashboardRef:
        params = report_params(None, community_id)
        body: Any = await self.get_json(
            "/api/v1/registry-reports/dashboard", principal, request_id, params
        )
        return RegistryDashboardRef.model_validate(body)
