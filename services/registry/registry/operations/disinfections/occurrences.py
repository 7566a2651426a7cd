"""A schedule's occurrences, computed when read rather than stored as rows.

Each place of a schedule is due at each of its times of day, every local day from the
schedule's `effective_from`. The occurrences of one place split the timeline between them: an
occurrence's window runs from halfway after the previous one to halfway before the next, so a
lift done at 07:40 or at 09:10 counts for its 08:00 occurrence, and every record counts for
exactly one occurrence. An occurrence with a record of the same place in its window is done;
without one it is pending until its due time plus the schedule's grace, then overdue while its
window is open, then missed.

Nothing is generated ahead, so changing a schedule (or adding a building to the community, for
an every-building schedule) needs no rewrite of future rows, and the overdue list is one query
for the schedules and one for the records of a few days.
"""

from __future__ import annotations

import bisect
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from registry.operations.disinfections.models import BUILDING_KINDS, PlaceKind
from registry.operations.disinfections.schemas import OccurrenceRead, OccurrenceState

# the widest window is one day (a single time of day): half of it on either side
MARGIN = timedelta(days=1)

PlaceKey = tuple[PlaceKind, uuid.UUID | str | None]


def place_key(kind: PlaceKind, building_id: uuid.UUID | None, place: str) -> PlaceKey:
    return (kind, building_id) if kind in BUILDING_KINDS else (kind, place)


@dataclass(frozen=True, slots=True)
class Place:
    building_id: uuid.UUID | None
    name: str


@dataclass(frozen=True, slots=True)
class ScheduleView:
    id: uuid.UUID
    name: str
    place_kind: PlaceKind
    times: Sequence[str]
    places: Sequence[Place]
    grace: timedelta
    effective_from: datetime


@dataclass(frozen=True, slots=True)
class Done:
    record_id: uuid.UUID
    done_at: datetime


def due_times(times: Sequence[str], first: date, last: date, zone: ZoneInfo) -> list[datetime]:
    """Every time of day on every local day from `first` to `last`, in UTC, in order."""
    clock = [time(int(t[:2]), int(t[3:])) for t in sorted(times)]
    out: list[datetime] = []
    day = first
    while day <= last:
        out.extend(datetime.combine(day, c, zone).astimezone(ZoneInfo("UTC")) for c in clock)
        day += timedelta(days=1)
    return sorted(out)


class RecordIndex:
    """The records of each place, by time, to find the one in a window."""

    def __init__(self, records: Iterable[tuple[PlaceKey, Done]]) -> None:
        self._by_place: dict[PlaceKey, list[Done]] = {}
        for key, done in records:
            self._by_place.setdefault(key, []).append(done)
        for dones in self._by_place.values():
            dones.sort(key=lambda d: d.done_at)
        self._times = {k: [d.done_at for d in v] for k, v in self._by_place.items()}

    def first_in(self, key: PlaceKey, start: datetime, end: datetime) -> uuid.UUID | None:
        times = self._times.get(key)
        if not times:
            return None
        i = bisect.bisect_left(times, start)
        if i < len(times) and times[i] < end:
            return self._by_place[key][i].record_id
        return None


def _state(
    record_id: uuid.UUID | None, due: datetime, end: datetime, grace: timedelta, now: datetime
) -> OccurrenceState:
    if record_id is not None:
        return OccurrenceState.done
    if now < due + grace:
        return OccurrenceState.pending
    return OccurrenceState.overdue if now < end else OccurrenceState.missed


def occurrences(
    schedule: ScheduleView,
    records: RecordIndex,
    start: datetime,
    end: datetime,
    now: datetime,
    zone: ZoneInfo,
) -> list[OccurrenceRead]:
    """The schedule's occurrences due in [start, end), at every place, as they stand at `now`."""
    first = (max(start, schedule.effective_from) - MARGIN).astimezone(zone).date()
    dues = due_times(schedule.times, first, (end + MARGIN).astimezone(zone).date(), zone)
    out = []
    for k in range(1, len(dues) - 1):
        due = dues[k]
        if not (start <= due < end) or due < schedule.effective_from:
            continue
        window_start = dues[k - 1] + (due - dues[k - 1]) / 2
        window_end = due + (dues[k + 1] - due) / 2
        for place in schedule.places:
            key = place_key(schedule.place_kind, place.building_id, place.name)
            record_id = records.first_in(key, window_start, window_end)
            out.append(
                OccurrenceRead(
                    schedule_id=schedule.id,
                    schedule_name=schedule.name,
                    place_kind=schedule.place_kind,
                    building_id=place.building_id,
                    place=place.name,
                    due_at=due,
                    window_start=window_start,
                    window_end=window_end,
                    state=_state(record_id, due, window_end, schedule.grace, now),
                    record_id=record_id,
                )
            )
    return out
