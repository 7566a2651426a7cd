"""Events the registry publishes, written to its outbox in the same transaction as the change.

Delivered at least once, in commit order, to each service named in `REGISTRY_EVENT_SUBSCRIBERS`
(`POST <url>/internal/events`, HMAC-signed; or Redis Streams `shouhu.events.<topic>`). Consumers
record `event_id` in their inbox with the effect, so a re-delivery changes nothing. Every event
envelope: `event_id` (UUID), `source` ("registry"), `topic`, `key` (the household id),
`occurred_at` (UTC, ISO 8601), `payload`:

`household.quarantined` — a household entered home quarantine, or the planned end of its home
quarantine changed (extended or shortened) while it stays quarantined. Deliveries go to the door;
passes are suspended.
    {"household_id": UUID, "community_id": UUID, "status": "home_quarantine" (or "sealed" when the
     household was sealed already), "quarantine_end_date": "YYYY-MM-DD" (the latest planned end of
     the household's open home quarantines, community time zone)}

`household.released` — the household's last open home quarantine was released.
    {"household_id": UUID, "community_id": UUID, "status": "normal" (or "sealed"),
     "quarantine_end_date": null}

For one household, events are sent in the order they were committed (writes to one household are
serialized by a row lock); a consumer that keeps state may also compare `occurred_at`.
Centralized quarantine (集中隔离) of a person publishes nothing: the household's door is unchanged.
"""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from registry.database import Base
from shouhu_common.events import add_event, outbox_tables

SOURCE = "registry"
OUTBOX = outbox_tables(Base.metadata)

HOUSEHOLD_QUARANTINED = "household.quarantined"
HOUSEHOLD_RELEASED = "household.released"


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
