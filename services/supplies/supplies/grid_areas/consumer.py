"""Consumer of the registry's `grid.area_changed`: the full current list of a grid worker's areas
in a community replaces the copy supplies holds (an empty list: the worker covers nothing there).

Idempotent and order-tolerant like the household consumer: the inbox drops re-deliveries, and an
event older than the last one applied for that worker and community changes nothing."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from shouhu_common.events import Event
from supplies.grid_areas import repository
from supplies.grid_areas.models import GridArea, GridAreaUpdate

AREA_CHANGED = "grid.area_changed"


def _floor(value: object) -> int | None:
    return None if value is None else int(str(value))


async def handle_area_changed(session: AsyncSession, event: Event) -> None:
    """The `EventConsumer` handler (the consumer records the inbox row and commits). Payload
    (registry/events.py): `{subject, community_id, areas: [{building_id, floor_from,
    floor_to}]}`."""
    payload = event.payload
    subject = str(payload["subject"])
    community_id = uuid.UUID(str(payload["community_id"]))
    event_id = str(event.event_id)
    applied = await repository.get_update(session, subject, community_id)
    if applied is not None and (
        applied.last_event_id == event_id or applied.changed_at > event.occurred_at
    ):
        return
    if applied is None:
        applied = GridAreaUpdate(subject=subject, community_id=community_id)
        repository.add_update(session, applied)
    applied.changed_at = event.occurred_at
    applied.last_event_id = event_id
    areas = [
        GridArea(
            subject=subject,
            community_id=community_id,
            building_id=uuid.UUID(str(area["building_id"])),
            floor_from=_floor(area.get("floor_from")),
            floor_to=_floor(area.get("floor_to")),
        )
        for area in payload.get("areas") or []
    ]
    await repository.replace_areas(session, subject, community_id, areas)
