"""The registry's and the supplies' report and dashboard figures, as the gateway reads them to
compose the daily report (日报) and the staff dashboard (`/registry-reports`, `/supplies-reports`).
Gateway-owned copies of the fields it uses: no import crosses services."""

from __future__ import annotations

import datetime as dt
import uuid

from pydantic import BaseModel


class GateRef(BaseModel):
    passages_out: int
    passages_in: int
    denied: int
    denied_people: int
    denied_by_reason: dict[str, int]
    fevers: int


class RegistryDayRef(BaseModel):
    community_id: uuid.UUID
    community_name: str
    subdistrict: str
    households: int
    households_screened: int
    high_risk_households: int
    returnees_registered: int
    visitors_registered: int
    people_home_quarantine: int
    people_centralized_quarantine: int
    households_in_quarantine: int
    quarantines_started: int
    quarantines_released: int
    referrals_opened: int
    referrals_open: int
    gate: GateRef
    tasks_done: int
    care_due: int = 0
    care_checked: int = 0
    care_escalated: int = 0
    testing_expected: int = 0
    testing_sampled: int = 0
    testing_missing: int = 0
    testing_positive_tubes: int = 0


class RegistryDailyRef(BaseModel):
    date: dt.date
    communities: list[RegistryDayRef]


class OpenWorkRef(BaseModel):
    screening_round: int | None
    unscreened_households: int | None
    follow_up_period: str
    follow_ups_due: int
    follow_ups_missed: int
    missed_period_date: dt.date
    missed_period: str
    open_referrals: int
    uncovered_shifts: int
    overdue_disinfections: int
    care_due: int = 0
    care_escalated: int = 0
    custody_flagged: int = 0
    bulk_changes_pending: int = 0
    appeals_open: int = 0
    testing_round_id: uuid.UUID | None = None
    testing_missing: int | None = None


class RegistryHourRef(BaseModel):
    hour: dt.datetime
    passages_out: int
    passages_in: int
    denied: int
    follow_ups_done: int


class RegistryDashboardRef(BaseModel):
    community_id: uuid.UUID
    community_name: str
    time_zone: str
    date: dt.date
    now: dt.datetime
    today: RegistryDayRef
    open_work: OpenWorkRef
    hours: list[RegistryHourRef]


class StockRef(BaseModel):
    name: str
    unit: str
    quantity: int


class SuppliesDayRef(BaseModel):
    community_id: uuid.UUID
    orders_placed: int
    orders_delivered: int
    orders_delivered_gate: int
    orders_delivered_door: int
    orders_undelivered: int
    households_reached: int
    stock_distributed: list[StockRef]


class SuppliesDailyRef(BaseModel):
    date: dt.date
    communities: list[SuppliesDayRef]


class RoundProgressRef(BaseModel):
    round_id: uuid.UUID
    local_time: str
    delivers_at: dt.datetime
    orders: int
    undelivered: int


class SuppliesHourRef(BaseModel):
    hour: dt.datetime
    orders_delivered: int


class SuppliesDashboardRef(BaseModel):
    community_id: uuid.UUID
    date: dt.date
    today: SuppliesDayRef
    rounds: list[RoundProgressRef]
    hours: list[SuppliesHourRef]


def report_params(day: dt.date | None, community_id: uuid.UUID | None) -> dict[str, str | int]:
    params: dict[str, str | int] = {}
    if day is not None:
        params["date"] = day.isoformat()
    if community_id is not None:
        params["community_id"] = str(community_id)
    return params
