"""Events the registry publishes, written to its outbox in the same transaction as the change.

Delivered at least once, in commit order, to each service named in `REGISTRY_EVENT_SUBSCRIBERS`
(`POST <url>/internal/events`, HMAC-signed; or Redis Streams `shouhu.events.<topic>`). Consumers
record `event_id` in their inbox with the effect, so a re-delivery changes nothing. Every event
envelope: `event_id` (UUID), `source` ("registry"), `topic`, `key` (the household id; for
`grid.area_changed` the worker's subject), `occurred_at` (UTC, ISO 8601), `payload`:

`household.quarantined` — a household entered home quarantine, or the planned end of its home
quarantine changed (extended or shortened) while it stays quarantined. Deliveries go to the door;
passes are suspended.
    {"household_id": UUID, "community_id": UUID, "status": "home_quarantine" (or "sealed" when the
     household was sealed already), "quarantine_end_date": "YYYY-MM-DD" (the latest planned end of
     the household's open home quarantines, community time zone)}

`household.released` — the household's last open home quarantine was released.
    {"household_id": UUID, "community_id": UUID, "status": "normal" (or "sealed"),
     "quarantine_end_date": null}

`grid.area_changed` — a grid worker's areas in a community were set (assigned, changed or taken
away). Carries the full current list, so the latest event alone is the worker's grid there; an
empty list means the worker covers nothing in that community. Supplies shows a grid worker only
the households of these areas.
    {"subject": "user:<uuid>", "community_id": UUID,
     "areas": [{"building_id": UUID, "floor_from": int | null, "floor_to": int | null}]}
    (floors null: the whole building)

For one household, events are sent in the order they were committed (writes to one household are
serialized by a row lock); a consumer that keeps state may also compare `occurred_at`.
Centralized quarantine (集中隔离) of a person publishes nothing: the household's door is unchanged.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from registry.database import Base
from shouhu_common.events import add_event, outbox_tables

SOURCE = "registry"
OUTBOX = outbox_tables(Base.metadata)

HOUSEHOLD_QUARANTINED = "household.quarantined"
HOUSEHOLD_RELEASED = "household.released"
GRID_AREA_CHANGED = "grid.area_changed"


async def publish_household_status(
    session: AsyncSession,
    *,
    topic: str,
    household_id: uuid.UUID,
    community_id: uuid.UUID,
    status: str,
    quarantine_end_date: date | None,
) -> uuid.UUID:
    return await add_event(
        session,
        OUTBOX,
        topic,
        household_id,
        {
            "household_id": household_id,
            "community_id": community_id,
            "status": status,
            "quarantine_end_date": quarantine_end_date,
        },
    )


async def publish_grid_area(
    session: AsyncSession,
    *,
    subject: str,
    community_id: uuid.UUID,
    areas: Sequence[tuple[uuid.UUID, int | None, int | None]],
) -> uuid.UUID:
    """`areas`: the worker's whole current list in the community, (building, floor_from,
    floor_to)."""
    return await add_event(
        session,
        OUTBOX,
        GRID_AREA_CHANGED,
        subject,
        {
            "subject": subject,
            "community_id": community_id,
            "areas": [
                {"building_id": b, "floor_from": lo, "floor_to": hi}
                for b, lo, hi in sorted(areas, key=lambda a: str(a[0]))
            ],
        },
    )
