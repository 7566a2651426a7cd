"""A sampler phone's batch of registrations, decided exactly once (the stores are
batch_store.py's).

The store reads what the batch touches in one transaction (the client ids stored before, the
people, the tubes by barcode, the re-test entries, who is already sampled in the round), `decide`
works out each registration in order — a tube is opened by its first registration and fills up
as it goes — and the store writes the outcome before it commits: new tubes, new fill counts,
registrations, re-test entries. A tube's `filled` counts every swab in it, a duplicate person's
too (it is in the tube); figures count people, a duplicate not.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from registry.health.sampling.errors import RoundNotFound
from registry.health.sampling.models import SampleRegistration, SampleTube
from registry.health.sampling.schemas import (
    Registration,
    RegistrationResult,
    RejectedRegistration,
)
from registry.health.testing_rounds.models import RoundStatus
from shouhu_common.driver_writes import table_row

CLOCK_SKEW = timedelta(minutes=10)
TUBE_TABLE = SampleTube.__table__
REGISTRATION_TABLE = SampleRegistration.__table__


@dataclass(frozen=True, slots=True)
class RoundRow:
    id: uuid.UUID
    community_id: uuid.UUID
    pool_size: int
    status: str


@dataclass(frozen=True, slots=True)
class PersonRow:
    community_id: uuid.UUID
    household_id: uuid.UUID
    building_id: uuid.UUID
    floor: int


@dataclass(slots=True)
class TubeRow:
    id: uuid.UUID
    round_id: uuid.UUID
    capacity: int
    filled: int
    new: bool = False
    changed: bool = False
    values: dict[str, Any] | None = None  # a new tube's row


@dataclass(slots=True)
class Snapshot:
    """What the batch touches, read inside its transaction."""

    round: RoundRow | None
    point_ids: set[uuid.UUID]
    stored: set[uuid.UUID]  # client ids stored before
    people: dict[uuid.UUID, PersonRow]
    tubes: dict[str, TubeRow]
    retests: dict[uuid.UUID, tuple[uuid.UUID, uuid.UUID | None]]  # person → (entry, registration)
    sampled: set[uuid.UUID]  # people with a counted registration in the round


@dataclass(slots=True)
class Outcome:
    result: RegistrationResult
    new_tubes: list[dict[str, Any]] = field(default_factory=list)
    filled: list[tuple[uuid.UUID, int]] = field(default_factory=list)  # existing tubes
    registrations: list[dict[str, Any]] = field(default_factory=list)
    retested: list[tuple[uuid.UUID, uuid.UUID]] = field(default_factory=list)  # entry, reg.


class Raced(Exception):
    """A registration's client id was stored by another transaction after this one read it."""


def _key(kind: int, value: bytes) -> tuple[int, int]:
    digest = hashlib.blake2b(value, digest_size=4).digest()
    return 0x5350_0000 + kind, int.from_bytes(digest, "big", signed=True)


def lock_keys(items: list[Registration]) -> list[tuple[int, int]]:
    """PostgreSQL advisory lock keys of the batch's people and tubes, in one global order (no
    deadlock between batches): two phones filling one tube, or registering one person, take
    turns; batches of other tubes and people do not wait."""
    keys = {_key(1, i.person_id.bytes) for i in items}
    keys |= {_key(2, i.tube_barcode.encode()) for i in items}
    return sorted(keys)


def decide(
    snapshot: Snapshot,
    items: list[Registration],
    communities: tuple[uuid.UUID, ...] | None,
    recorded_by: str,
    now: datetime,
) -> Outcome:
    """`communities`: where the uploader works (None: everywhere)."""
    rnd = snapshot.round
    if rnd is None or (communities is not None and rnd.community_id not in communities):
        raise RoundNotFound()
    result = RegistrationResult(accepted=[], duplicates=[], rejected=[], flagged=[])
    out = Outcome(result)
    seen: set[uuid.UUID] = set()
    for item in items:
        if item.client_id in seen or item.client_id in snapshot.stored:
            result.duplicates.append(item.client_id)
            continue
        seen.add(item.client_id)
        refusal = _refusal(snapshot, rnd, item, now)
        if refusal is not None:
            result.rejected.append(
                RejectedRegistration(client_id=item.client_id, reason=refusal[0], detail=refusal[1])
            )
            continue
        _register(snapshot, rnd, item, recorded_by, now, out)
    out.new_tubes = [t.values for t in snapshot.tubes.values() if t.new and t.values]
    for tube in snapshot.tubes.values():
        if tube.new and tube.values is not None:
            tube.values["filled"] = tube.filled
        elif tube.changed:
            out.filled.append((tube.id, tube.filled))
    return out


def _refusal(
    snapshot: Snapshot, rnd: RoundRow, item: Registration, now: datetime
) -> tuple[str, str] | None:
    if rnd.status != RoundStatus.sampling:
        return "round_not_sampling", f"本轮状态为 {rnd.status}，不接受采样登记"
    if item.point_id is not None and item.point_id not in snapshot.point_ids:
        return "unknown_point", "采样点不属于本轮"
    if item.sampled_at > now + CLOCK_SKEW:
        return "sampled_at_in_future", "采样时间晚于当前时间"
    person = snapshot.people.get(item.person_id)
    if person is None:
        return "unknown_person", "查无此人"
    if person.community_id != rnd.community_id and not item.confirm_visitor:
        return "other_community", "非本社区居民：请确认后按外来人员登记"
    tube = snapshot.tubes.get(item.tube_barcode)
    if tube is not None and tube.round_id != rnd.id:
        return "tube_other_round", f"管码 {item.tube_barcode} 属于其他轮次"
    if tube is not None and tube.filled >= tube.capacity:
        return "tube_full", f"管码 {item.tube_barcode} 已满（{tube.filled}/{tube.capacity}）"
    return None


def _register(
    snapshot: Snapshot,
    rnd: RoundRow,
    item: Registration,
    recorded_by: str,
    now: datetime,
    out: Outcome,
) -> None:
    person = snapshot.people[item.person_id]
    entry = snapshot.retests.get(item.person_id)
    retest = entry is not None and entry[1] is None
    tube = snapshot.tubes.get(item.tube_barcode)
    if tube is None:
        tube = _open_tube(rnd, item, recorded_by, 1 if retest else rnd.pool_size, retest)
        snapshot.tubes[item.tube_barcode] = tube
    tube.filled += 1
    tube.changed = True
    duplicate = item.person_id in snapshot.sampled and not retest
    registration_id = uuid.uuid4()
    if retest and entry is not None:
        snapshot.retests[item.person_id] = (entry[0], registration_id)
        out.retested.append((entry[0], registration_id))
    snapshot.sampled.add(item.person_id)
    out.registrations.append(
        table_row(
            REGISTRATION_TABLE,
            id=registration_id,
            client_id=item.client_id,
            community_id=rnd.community_id,
            round_id=rnd.id,
            tube_id=tube.id,
            point_id=item.point_id,
            person_id=item.person_id,
            household_id=person.household_id,
            building_id=person.building_id,
            floor=person.floor,
            visitor=person.community_id != rnd.community_id,
            home=item.home,
            duplicate=duplicate,
            sampled_at=item.sampled_at,
            recorded_by=recorded_by[:100],
            created_at=now,
        )
    )
    out.result.accepted.append(item.client_id)
    if duplicate:
        out.result.flagged.append(item.client_id)


def _open_tube(
    rnd: RoundRow, item: Registration, recorded_by: str, capacity: int, retest: bool
) -> TubeRow:
    tube_id = uuid.uuid4()
    values = table_row(
        TUBE_TABLE,
        id=tube_id,
        community_id=rnd.community_id,
        round_id=rnd.id,
        point_id=item.point_id,
        barcode=item.tube_barcode,
        capacity=capacity,
        filled=0,
        retest=retest,
        opened_by=recorded_by[:100],
        opened_at=item.sampled_at,
    )
    return TubeRow(tube_id, rnd.id, capacity, 0, new=True, values=values)
