"""The per-community pass state version, and insert-or-ignore / upsert on either database."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from registry.access.passes.models import PassStateVersion
from shouhu_common.clock import utc_now


def dialect_insert(bind: AsyncSession | AsyncConnection, table: Any) -> Any:
    """`INSERT` with `on_conflict_do_nothing` / `on_conflict_do_update` for the bound database."""
    name = bind.get_bind().dialect.name if isinstance(bind, AsyncSession) else bind.dialect.name
    target: Table = table.__table__ if hasattr(table, "__table__") else table
    return postgresql.insert(target) if name == "postgresql" else sqlite.insert(target)


async def bump_state_version(session: AsyncSession, community_id: uuid.UUID) -> int:
    """The next version of the community's gate state, taken in the caller's transaction (the row
    stays locked until it commits, so versions are handed out in commit order)."""
    insert = dialect_insert(session, PassStateVersion)
    table = PassStateVersion.__table__
    statement = (
        insert.values(community_id=community_id, version=1, updated_at=utc_now())
        .on_conflict_do_update(
            index_elements=[table.c.community_id],
            set_={"version": table.c.version + 1, "updated_at": utc_now()},
        )
        .returning(table.c.version)
    )
    return int((await session.execute(statement)).scalar_one())


async def current_version(session: AsyncSession, community_id: uuid.UUID) -> int:
    query = select(PassStateVersion.version).where(PassStateVersion.community_id == community_id)
    return int((await session.execute(query)).scalar_one_or_none() or 0)
