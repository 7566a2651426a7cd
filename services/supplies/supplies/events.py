"""Events supplies consumes, exactly once in effect: the registry's `household.quarantined` and
`household.released` (door delivery for shut-in households). Received at `POST /internal/events`
(HMAC-signed by the producer's relay; the gateway never routes `/internal`) or from a broker."""

from __future__ import annotations

from shouhu_common.events import EventConsumer, inbox_table
from supplies.database import Base
from supplies.household_directory.consumer import QUARANTINED, RELEASED, handle_household_event

INBOX = inbox_table(Base.metadata)

CONSUMER = EventConsumer(
    INBOX, {QUARANTINED: handle_household_event, RELEASED: handle_household_event}
)
