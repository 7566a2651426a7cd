"""The daily report (日报) as the sub-district reads it: one row per community, and the totals."""

from __future__ import annotations

import datetime as dt
import uuid

from pydantic import BaseModel, Field


class StockLine(BaseModel):
    name: str
    unit: str
    quantity: int = Field(description="Given out that day (distributions and allocations).")


class ReportFigures(BaseModel):
    """A day's figures, computed by the owning service from its records (never typed in)."""

    # registry
    households: int = Field(description="Households on file at the end of the day.")
    households_screened: int = Field(description="Households with a finished screening form.")
    high_risk_households: int
    returnees_registered: int
    visitors_registered: int = Field(description="Visitors, couriers, returnees at the gates.")
    people_home_quarantine: int = Field(description="At the end of the day.")
    people_centralized_quarantine: int = Field(description="At the end of the day.")
    households_in_quarantine: int = Field(
        description="Households with anyone under a quarantine order at the end of the day."
    )
    quarantines_started: int
    quarantines_released: int
    referrals_opened: int = Field(description="Fever-clinic referrals opened that day.")
    referrals_open: int = Field(description="Referrals still open at the end of the day.")
    gate_passages_out: int
    gate_passages_in: int
    gate_denied: int = Field(description="Scans turned back at the gates (人次).")
    gate_denied_people: int = Field(
        description="People turned back (人数): each pass once; an unknown card each time."
    )
    gate_denied_by_reason: dict[str, int]
    gate_fevers: int
    tasks_done: int = Field(description="Tasks marked done that day.")
    care_due: int = Field(description="Care-list check-ins due that day (关爱回访应访).")
    care_checked: int = Field(description="Care-list check-ins made that day.")
    care_escalated: int = Field(
        description="Check-ins that raised a task: needs help, or no answer twice in a row."
    )
    testing_expected: int = Field(description="The day's testing round (全员核酸): expected.")
    testing_sampled: int = Field(description="Sampled (a duplicate swab not counted).")
    testing_missing: int = Field(description="Expected and not sampled.")
    testing_positive_tubes: int = Field(description="Positive pooled tubes so far.")
    # supplies
    orders_placed: int
    orders_delivered: int
    orders_delivered_gate: int = Field(description="Left at the gate drop point.")
    orders_delivered_door: int = Field(description="Handed over at the door.")
    orders_undelivered: int = Field(description="Orders of the day's rounds not delivered.")
    households_reached: int = Field(description="Households given a distribution's share.")
    stock_distributed: list[StockLine]


class CommunityReport(ReportFigures):
    community_id: uuid.UUID
    community_name: str
    subdistrict: str


class DailyReport(BaseModel):
    date: dt.date = Field(description="The community-local day (Asia/Shanghai by default).")
    generated_at: dt.datetime
    communities: list[CommunityReport] = Field(
        description="Every community of the caller (an officer's: their sub-district's)."
    )
    totals: ReportFigures
