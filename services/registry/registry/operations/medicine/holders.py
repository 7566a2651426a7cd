"""Whether a worker may hold a resident's card: not while off duty (inactive on the roster), nor
while in quarantine. The roster has no link to the register of people, so a worker is found
among the community's people by the blind index of their phone. Quarantines belong to `health`,
which `operations` may not import: the assembly hands the reader in (`registry.wiring`)."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Iterable

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from registry.operations.workers.models import Worker
from registry.residents.people.models import Person

PeopleInQuarantine = Callable[[AsyncSession, list[uuid.UUID]], Awaitable[set[uuid.UUID]]]

QUARANTINED = "quarantined"
OFF_DUTY = "off_duty"


async def _nobody(session: AsyncSession, person_ids: list[uuid.UUID]) -> set[uuid.UUID]:
    return set()


_readers: list[PeopleInQuarantine] = [_nobody]


def read_people_in_quarantine_with(reader: PeopleInQuarantine) -> None:
    _readers[:] = [reader]


async def unavailable(session: AsyncSession, workers: Iterable[Worker]) -> dict[uuid.UUID, str]:
    """Each worker who may not hold a card now, with why (`quarantined` or `off_duty`)."""
    found: dict[uuid.UUID, str] = {w.id: OFF_DUTY for w in workers if not w.active}
    by_phone: dict[tuple[uuid.UUID, str | None], uuid.UUID] = {
        (w.community_id, w.phone_hash): w.id for w in workers if w.phone_hash
    }
    if not by_phone:
        return found
    query = select(Person.id, Person.community_id, Person.phone_hash).where(
        Person.phone_hash.in_({h for _, h in by_phone})
    )
    people: dict[uuid.UUID, uuid.UUID] = {}
    for person_id, community_id, phone_hash in await session.execute(query):
        worker_id = by_phone.get((community_id, phone_hash))
        if worker_id is not None:
            people[person_id] = worker_id
    if people:
        for person_id in await _readers[0](session, list(people)):
            found[people[person_id]] = QUARANTINED
    return found
