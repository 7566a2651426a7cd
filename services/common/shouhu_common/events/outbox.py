"""Writing events: `add_event` puts one in the caller's session, in the caller's transaction.

The event exists exactly when the change it describes was committed: a rollback removes both. A
relay in the same service (relay.py) delivers it afterwards; the commit wakes the relay at once
(polling remains the fallback), so delivery usually follows within milliseconds.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

import orjson
from sqlalchemy import event, insert
from sqlalchemy.engine import Engine
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from shouhu_common.clock import utc_now
from shouhu_common.database import new_id
from shouhu_common.events.tables import OutboxTables

_PENDING_FLAG = "shouhu.outbox.added"
_wakers: dict[int, list[Callable[[], None]]] = {}


def _json_safe(payload: Mapping[str, Any]) -> dict[str, Any]:
    """UUIDs, dates and datetimes become strings, so what is stored is what is sent."""
    loaded: dict[str, Any] = orjson.loads(orjson.dumps(payload, default=str))
    return loaded


async def add_event(
    session: AsyncSession,
    tables: OutboxTables,
    topic: str,
    key: str | uuid.UUID,
    payload: Mapping[str, Any],
    *,
    occurred_at: datetime | None = None,
) -> uuid.UUID:
    """Record `topic` about `key` (the aggregate, e.g. a household id) in the open transaction.
    Nothing is sent now; the caller's commit makes the event real. Returns the event id."""
    event_id = new_id()
    await session.execute(
        insert(tables.outbox).values(
            event_id=event_id,
            topic=topic,
            key=str(key),
            payload=_json_safe(payload),
            occurred_at=occurred_at or utc_now(),
        )
    )
    session.sync_session.info[_PENDING_FLAG] = True
    return event_id


def on_commit_wake(engine: Engine, wake: Callable[[], None]) -> Callable[[], None]:
    """Call `wake` after each commit that added events on `engine`; returns the unsubscriber."""
    _wakers.setdefault(id(engine), []).append(wake)

    def unsubscribe() -> None:
        callbacks = _wakers.get(id(engine), [])
        if wake in callbacks:
            callbacks.remove(wake)
        if not callbacks:
            _wakers.pop(id(engine), None)

    return unsubscribe


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    if not session.info.pop(_PENDING_FLAG, False) or not _wakers:
        return
    bind = session.get_bind()
    engine = bind.engine if hasattr(bind, "engine") else bind
    for wake in list(_wakers.get(id(engine), [])):
        wake()


@event.listens_for(Session, "after_soft_rollback")
def _after_rollback(session: Session, _previous: object) -> None:
    session.info.pop(_PENDING_FLAG, None)
