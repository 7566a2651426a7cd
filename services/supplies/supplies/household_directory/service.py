"""The household directory: supplies' copy of the addresses it delivers to, kept by registry
events and by staff. Staff write only in their own communities; a grid worker reads only the
households of their grid."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from shouhu_common.identity import Principal
from shouhu_common.pagination import Page, PageParams
from supplies.access import community_scope
from supplies.grid_areas.scope import grid_scope
from supplies.household_directory import repository
from supplies.household_directory.errors import CommunityNotFound
from supplies.household_directory.schemas import (
    DirectoryEntryRead,
    DirectoryUpsert,
    DirectoryUpserted,
)


async def upsert_entries(
    session: AsyncSession, principal: Principal, data: DirectoryUpsert
) -> DirectoryUpserted:
    for entry in data.entries:
        if not principal.in_community(entry.community_id):
            raise CommunityNotFound(f"community {entry.community_id}")
    existing = [await repository.get_entry(session, e.household_id) for e in data.entries]
    for entry, found in zip(data.entries, existing, strict=True):
        if found is not None and not principal.in_community(found.community_id):
            raise CommunityNotFound(f"household {entry.household_id} is in another community")
    rows = [{**e.model_dump(), "source": "staff"} for e in data.entries]
    await repository.upsert_entries(session, rows)
    await session.commit()
    return DirectoryUpserted(upserted=len(rows))


async def list_entries(
    session: AsyncSession, principal: Principal, community_id: uuid.UUID | None, page: PageParams
) -> Page[DirectoryEntryRead]:
    scope = community_scope(principal)
    if community_id is not None:
        scope = [community_id] if scope is None or community_id in scope else []
    grid = await grid_scope(session, principal)
    total = await repository.count_entries(session, scope, grid)
    entries = await repository.list_entries(session, scope, grid, page.limit, page.offset)
    return Page(
        items=[DirectoryEntryRead.model_validate(e) for e in entries],
        total=total,
        limit=page.limit,
        offset=page.offset,
    )
