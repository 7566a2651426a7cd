"""The household directory supplies delivers to (addresses and priority flags, no personal data)."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Depends, Query
from sqlalchemy.ext.asyncio import AsyncSession

from shouhu_common.auth import require
from shouhu_common.identity import Principal
from shouhu_common.pagination import PageParams, page_params
from shouhu_common.permissions import Permission
from shouhu_common.problems import problem_responses
from supplies.database import get_session
from supplies.household_directory import service
from supplies.household_directory.errors import CommunityNotFound
from supplies.household_directory.schemas import DirectoryPage, DirectoryUpsert, DirectoryUpserted

router = APIRouter(tags=["household directory"])


@router.get(
    "",
    response_model=DirectoryPage,
    summary="Households supplies can deliver to",
    description="Staff see their communities' households; a grid worker only those of their "
    "grid (the buildings, or floors of buildings, assigned to them in the registry).",
)
async def list_entries(
    community_id: uuid.UUID | None = Query(None),
    page: PageParams = Depends(page_params),
    principal: Principal = Depends(require(Permission.household_directory_read)),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await service.list_entries(session, principal, community_id, page)


@router.put(
    "",
    response_model=DirectoryUpserted,
    responses=problem_responses(CommunityNotFound),
    summary="Record or update households' delivery addresses (staff; up to 1,000 at once)",
    description="Registry events keep the directory current; this fills it for households the "
    "events have not covered (e.g. before the first sync). Safe to repeat.",
)
async def upsert_entries(
    body: DirectoryUpsert,
    principal: Principal = Depends(require(Permission.household_directory_write)),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await service.upsert_entries(session, principal, body)
