from __future__ import annotations

import uuid
from typing import Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

SUBJECT_PATTERN = r"^user:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"


class FloorAssignment(BaseModel):
    model_config = ConfigDict(extra="forbid")

    building_id: uuid.UUID
    floor_from: int = Field(ge=1, le=200)
    floor_to: int = Field(ge=1, le=200)

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.floor_to < self.floor_from:
            raise ValueError("floor_to is below floor_from")
        return self


class GridAssignmentSet(BaseModel):
    model_config = ConfigDict(extra="forbid")

    community_id: uuid.UUID
    building_ids: list[uuid.UUID] = Field(
        max_length=500,
        description="Whole buildings. With `floors`, the whole set: what is left out is "
        "unassigned.",
    )
    floors: list[FloorAssignment] = Field(
        default_factory=list, max_length=500, description="Floors a–b of other buildings."
    )


class WorkerAreas(BaseModel):
    model_config = ConfigDict(extra="forbid")

    subject: str = Field(pattern=SUBJECT_PATTERN, description="`user:<uuid>`")
    building_ids: list[uuid.UUID] = Field(default_factory=list, max_length=500)
    floors: list[FloorAssignment] = Field(default_factory=list, max_length=500)


class GridPlanSet(BaseModel):
    """Several grid workers' areas changed in one step, e.g. 2栋 moved from A to B: send A's
    new set and B's new set together. Workers left out keep theirs."""

    model_config = ConfigDict(extra="forbid")

    community_id: uuid.UUID
    workers: list[WorkerAreas] = Field(min_length=1, max_length=100)

    @model_validator(mode="after")
    def _each_once(self) -> Self:
        if len({w.subject for w in self.workers}) != len(self.workers):
            raise ValueError("a subject appears twice")
        return self


class GridAssignmentRead(BaseModel):
    subject: str = Field(description="The grid worker's account, `user:<uuid>`.")
    community_id: uuid.UUID
    building_id: uuid.UUID
    building_name: str
    floor_from: int | None = Field(None, description="None with floor_to: the whole building.")
    floor_to: int | None = None


class UncoveredArea(BaseModel):
    building_id: uuid.UUID
    building_name: str = Field(description="Compound and building, e.g. `东苑 2栋`.")
    floor_from: int
    floor_to: int
    whole_building: bool
    households: int


class WorkerLoad(BaseModel):
    subject: str
    buildings: int
    households: int
    areas: list[GridAssignmentRead]


class GridCoverage(BaseModel):
    community_id: uuid.UUID
    buildings: int
    households: int
    households_covered: int
    households_uncovered: int
    uncovered: list[UncoveredArea] = Field(description="Floors nobody is responsible for.")
    workers: list[WorkerLoad] = Field(description="Households per grid worker.")


class ResponsibleWorker(BaseModel):
    household_id: uuid.UUID
    building_id: uuid.UUID
    building_name: str
    floor: int
    subject: str | None = Field(description="None: nobody is responsible yet.")
    floor_from: int | None
    floor_to: int | None
