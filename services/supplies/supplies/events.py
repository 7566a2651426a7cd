"""Events supplies consumes, exactly once in effect: the registry's `household.quarantined` and
`household.released` (door delivery for shut-in households), and `grid.area_changed` (which
households each grid worker may see). Received at `POST /internal/events`
(HMAC-signed by the producer's relay; the gateway never routes `/internal`) or from a broker."""

from __future__ import annotations

from shouhu_common.events import EventConsumer, inbox_table
from supplies.database import Base
from supplies.grid_areas.consumer import AREA_CHANGED, handle_area_changed
from supplies.household_directory.consumer import QUARANTINED, RELEASED, handle_household_event

INBOX = inbox_table(Base.metadata)

CONSUMER = EventConsumer(
    INBOX,
    {
        QUARANTINED: handle_household_event,
        RELEASED: handle_household_event,
        AREA_CHANGED: handle_area_changed,
    },
)
