from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from registry.health.sampling.models import KnockOutcome

BATCH_MAX = 500


class Registration(BaseModel):
    model_config = ConfigDict(extra="forbid")

    client_id: uuid.UUID = Field(description="Made once per swab on the phone.")
    tube_barcode: str = Field(min_length=1, max_length=40, pattern=r"^[\x21-\x7e]+$")
    point_id: uuid.UUID | None = Field(None, description="None: sampled at home.")
    person_id: uuid.UUID
    home: bool = False
    confirm_visitor: bool = Field(
        False, description="The sampler confirmed sampling a person of another community."
    )
    sampled_at: AwareDatetime


class RegistrationBatch(BaseModel):
    model_config = ConfigDict(extra="forbid")

    registrations: list[Registration] = Field(max_length=BATCH_MAX)


class RejectedRegistration(BaseModel):
    client_id: uuid.UUID
    reason: str = Field(
        description="tube_other_round, tube_full, unknown_person, other_community, "
        "round_not_sampling, unknown_point or sampled_at_in_future"
    )
    detail: str


class RegistrationResult(BaseModel):
    accepted: list[uuid.UUID] = Field(description="Stored now (the flagged ones included).")
    duplicates: list[uuid.UUID] = Field(description="Stored before: nothing changed.")
    rejected: list[RejectedRegistration]
    flagged: list[uuid.UUID] = Field(
        description="Stored with duplicate=true: the person was already sampled this round."
    )


class PersonLookup(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id_number: str = Field(min_length=15, max_length=18)


class PersonFound(BaseModel):
    person_id: uuid.UUID
    name: str = Field(description="Masked (`张*`).")
    household_id: uuid.UUID
    community_id: uuid.UUID
    same_community: bool


class TubeCheck(BaseModel):
    model_config = ConfigDict(extra="forbid")

    barcode: str = Field(min_length=1, max_length=40, pattern=r"^[\x21-\x7e]+$")


class TubeState(BaseModel):
    usable: bool
    reason: str | None = Field(None, description="tube_other_round or tube_full")
    filled: int
    capacity: int


class KnockCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    client_id: uuid.UUID
    household_id: uuid.UUID
    outcome: KnockOutcome
    note: str = Field("", max_length=200)
    knocked_at: AwareDatetime | None = Field(None, description="Default: now.")


class KnockRead(BaseModel):
    id: uuid.UUID
    client_id: uuid.UUID
    round_id: uuid.UUID
    household_id: uuid.UUID
    outcome: KnockOutcome
    note: str
    knocked_by: str
    knocked_at: datetime


class LastKnock(BaseModel):
    outcome: KnockOutcome
    note: str
    knocked_at: datetime
    knocked_by: str


class MissingPerson(BaseModel):
    person_id: uuid.UUID
    name: str


class MissingHousehold(BaseModel):
    household_id: uuid.UUID
    room: str
    missing: list[MissingPerson]
    last_knock: LastKnock | None


class MissingFloor(BaseModel):
    floor: int
    households: list[MissingHousehold]


class MissingBuilding(BaseModel):
    building_id: uuid.UUID
    name: str
    expected: int
    sampled: int
    missing: int
    floors: list[MissingFloor]


class MissingList(BaseModel):
    buildings: list[MissingBuilding]


class Figures(BaseModel):
    expected: int = Field(description="People of the community not excluded.")
    sampled: int = Field(description="People sampled (a duplicate swab not counted).")
    excluded: int
    home_sampled: int
    missing: int
    knocked: int = Field(description="Households knocked on.")
    tubes: int
    positives: int = Field(description="Positive tubes.")


class BuildingFigures(Figures):
    building_id: uuid.UUID
    name: str


class PointFigures(Figures):
    point_id: uuid.UUID | None = Field(description="None: home sampling.")
    name: str


class RoundFigures(BaseModel):
    round_id: uuid.UUID
    community_id: uuid.UUID
    name: str
    status: str
    visitors: int = Field(description="People of other communities sampled here.")
    total: Figures
    buildings: list[BuildingFigures]
    points: list[PointFigures]
