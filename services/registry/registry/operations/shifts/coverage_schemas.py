"""What the coverage view (and the dashboard) reads: gaps, the next shift per gate, hours."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from pydantic import BaseModel, Field


class UncoveredShift(BaseModel):
    shift_id: uuid.UUID
    gate_id: uuid.UUID
    gate_name: str
    starts_at: datetime
    ends_at: datetime
    label: str
    assigned: int
    min_workers: int
    nobody: bool = Field(description="Nobody at all on the shift.")
    is_next: bool = Field(description="The gate's next shift to start.")


class UncoveredPeriod(BaseModel):
    """Time in the range when a gate has no staffed shift (no shift, or nobody on it)."""

    gate_id: uuid.UUID
    gate_name: str
    starts_at: datetime
    ends_at: datetime
    hours: float


class NextShift(BaseModel):
    gate_id: uuid.UUID
    gate_name: str
    shift_id: uuid.UUID | None = Field(description="None: nothing is scheduled at the gate.")
    starts_at: datetime | None
    ends_at: datetime | None
    assigned: int
    min_workers: int
    staffed: bool


class OverHours(BaseModel):
    worker_id: uuid.UUID
    name: str
    week_start: date = Field(description="Monday of the local week.")
    hours: float
    max_weekly_hours: float


class CoverageSummary(BaseModel):
    """Counts for the dashboard and the daily report."""

    community_id: uuid.UUID
    start: datetime
    end: datetime
    gates: int
    shifts: int
    staffed_shifts: int
    unstaffed_shifts: int
    shifts_with_nobody: int
    gates_next_shift_unstaffed: int = Field(
        description="Gates whose next shift is short of people or not scheduled at all."
    )
    uncovered_hours: float
    workers_over_hours: int
    max_weekly_hours: float


class CoverageRead(BaseModel):
    summary: CoverageSummary
    unstaffed: list[UncoveredShift]
    uncovered_periods: list[UncoveredPeriod]
    next_shifts: list[NextShift]
    over_hours: list[OverHours]
