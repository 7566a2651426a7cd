"""Spreadsheet import of people (XLSX or CSV), with a row-by-row report and a dry run."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Depends, File, Query, Request, UploadFile
from sqlalchemy.ext.asyncio import AsyncSession

from registry.database import get_session
from registry.dependencies import get_cipher
from registry.residents.communities.errors import CommunityNotFound, CommunityUnclear
from registry.residents.imports import service
from registry.residents.imports.columns import OPTIONAL, REQUIRED
from registry.residents.imports.errors import ImportFileInvalid
from registry.residents.imports.schemas import ImportReport
from registry.residents.people.schemas import today_in_china
from shouhu_common.auth import require
from shouhu_common.identity import Principal
from shouhu_common.permissions import Permission
from shouhu_common.pii import PersonalDataCipher
from shouhu_common.problems import problem_responses

router = APIRouter(tags=["imports"])


@router.post(
    "/people",
    response_model=ImportReport,
    responses=problem_responses(CommunityNotFound, CommunityUnclear, ImportFileInvalid),
    summary="Import the community's people spreadsheet (XLSX or CSV)",
    description=(
        f"Multipart field `file`. Required columns: {' '.join(REQUIRED)}; optional: "
        f"{' '.join(OPTIONAL)}. CSV in UTF-8 (BOM or not) or GBK. Valid rows are upserted by "
        "ID number (households, buildings and compounds made when new), so the same file "
        "imported twice changes nothing; every bad row is reported (row, column, what is "
        "wrong, in Chinese). `dry_run=true` reports without writing. The report lists every "
        "building it makes (`new_buildings`, with the rows naming it: a misspelt building shows "
        "up here), units beyond a known building's count (`new_units`), and columns whose values "
        "were not imported (`ignored_columns`: no header, or an unknown one). "
        "`create_buildings=false` makes nothing new: a row naming an unknown building or "
        "compound is reported instead. Up to 32 MiB."
    ),
)
async def import_people(
    request: Request,
    file: UploadFile = File(description="The spreadsheet (.xlsx, .xls, .ods or .csv)."),
    community_id: uuid.UUID | None = Query(None, description="Needed when you serve several."),
    dry_run: bool = Query(False),
    create_buildings: bool = Query(
        True,
        description="false: rows naming a building or compound the registry lacks are "
        "reported, not imported.",
    ),
    principal: Principal = Depends(require(Permission.households_write)),
    session: AsyncSession = Depends(get_session),
    cipher: PersonalDataCipher = Depends(get_cipher),
) -> object:
    data = await file.read()
    return await service.import_people(
        session,
        cipher,
        principal,
        community_id=community_id,
        filename=file.filename or "",
        data=data,
        dry_run=dry_run,
        create_buildings=create_buildings,
        today=today_in_china(),
        request_id=request.state.request_id,
    )
