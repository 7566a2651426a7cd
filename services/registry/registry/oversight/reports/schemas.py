"""The registry's figures per community and day, and what a staff dashboard shows of them."""

from __future__ import annotations

import datetime as dt
import uuid

from pydantic import BaseModel, Field


class GateDayFigures(BaseModel):
    passages_out: int = Field(description="Allowed exits.")
    passages_in: int = Field(description="Allowed entries.")
    denied: int = Field(description="Denials (人次): every scan turned back counts.")
    denied_people: int = Field(
        description="People turned back (人数): each pass once, however often it was scanned; "
        "a card the gate did not know (forged, unreadable) counts each time."
    )
    denied_by_reason: dict[str, int] = Field(
        description="Denials by the verdict's reason, e.g. `fever`, `quota`, `quarantine`."
    )
    fevers: int = Field(description="Gate logs at or above the fever threshold.")


class CommunityDayFigures(BaseModel):
    """One community's day (its own time zone), computed from the records on each call."""

    community_id: uuid.UUID
    community_name: str
    subdistrict: str
    households: int = Field(description="Households on file (now).")
    households_screened: int = Field(
        description="Households with a finished screening form (reached or refused) that day."
    )
    high_risk_households: int = Field(description="Of those, households found high-risk.")
    returnees_registered: int
    visitors_registered: int = Field(description="Visitors, couriers, returnees at the gates.")
    people_home_quarantine: int = Field(description="People in home quarantine at day's end.")
    people_centralized_quarantine: int = Field(
        description="People in centralized quarantine at day's end."
    )
    households_in_quarantine: int = Field(
        description="Households with anyone under a quarantine order (home or centralized) at "
        "day's end."
    )
    quarantines_started: int = Field(description="Quarantine orders starting that day.")
    quarantines_released: int = Field(description="Quarantine orders released that day.")
    referrals_opened: int = Field(description="Fever-clinic referrals opened that day.")
    referrals_open: int = Field(description="Referrals still open at the end of the day.")
    gate: GateDayFigures
    tasks_done: int = Field(description="Tasks marked done that day (disinfection, posters…).")
    care_due: int = Field(0, description="Care-list check-ins due that day (with overdue ones).")
    care_checked: int = Field(0, description="Care-list check-ins made that day.")
    care_escalated: int = Field(
        0, description="Of those, check-ins that raised a task (needs help, no answer twice)."
    )
    testing_expected: int = Field(0, description="The day's testing round: people expected.")
    testing_sampled: int = Field(0, description="Of those, sampled (duplicates not counted).")
    testing_missing: int = Field(0, description="Of those, not sampled.")
    testing_positive_tubes: int = Field(0, description="The round's positive tubes so far.")


class RegistryDailyReport(BaseModel):
    date: dt.date = Field(description="The community-local day reported.")
    generated_at: dt.datetime
    communities: list[CommunityDayFigures]


class OpenWork(BaseModel):
    """What is still to do in the community, now."""

    screening_round: int | None = Field(description="Current round number; null: none started.")
    unscreened_households: int | None = Field(
        description="Households with no finished form in the current round (null: no round)."
    )
    follow_up_period: str = Field(description="The period now: `morning` or `evening`.")
    follow_ups_due: int = Field(description="People under quarantine not checked this period.")
    follow_ups_missed: int = Field(
        description="People not checked in the previous period (this morning, or last evening)."
    )
    missed_period_date: dt.date = Field(description="The day of the previous period.")
    missed_period: str
    open_referrals: int
    uncovered_shifts: int = Field(
        description="Gate shifts of the next 24 h with fewer people than they need."
    )
    overdue_disinfections: int = Field(
        description="Scheduled disinfections of the last 24 h overdue or missed."
    )
    care_due: int = Field(0, description="Care-list check-ins due today not yet made.")
    testing_round_id: uuid.UUID | None = Field(None, description="Today's testing round, if any.")
    testing_missing: int | None = Field(
        None, description="People of today's testing round not yet sampled (null: no round)."
    )
    care_escalated: int = Field(
        0, description="People on the care list escalated and not yet checked as fine."
    )
    custody_flagged: int = Field(
        0,
        description="Residents' insurance cards and record books held by a worker now in "
        "quarantine or off duty: to be reassigned.",
    )
    bulk_changes_pending: int = Field(
        0, description="Bulk status changes held for a second account's approval."
    )
    appeals_open: int = Field(0, description="Appeals (申诉) of households not yet answered.")


class DashboardHour(BaseModel):
    hour: dt.datetime = Field(description="Start of the hour, community time.")
    passages_out: int
    passages_in: int
    denied: int
    follow_ups_done: int


class RegistryDashboard(BaseModel):
    community_id: uuid.UUID
    community_name: str
    time_zone: str
    date: dt.date
    now: dt.datetime
    today: CommunityDayFigures
    open_work: OpenWork
    hours: list[DashboardHour] = Field(description="The 24 hours of today, later ones zero.")
