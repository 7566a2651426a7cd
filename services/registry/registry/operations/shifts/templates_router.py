"""Shift templates 班次模板: the shifts of a community's day, used to fill a week."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Depends, Query, Response
from sqlalchemy.ext.asyncio import AsyncSession

from registry.database import get_session
from registry.operations.shifts import templates
from registry.operations.shifts.errors import (
    ShiftGateNotFound,
    ShiftTemplateInvalid,
    ShiftTemplateNotFound,
)
from registry.operations.shifts.schemas import (
    ShiftTemplateCreate,
    ShiftTemplateRead,
    ShiftTemplateUpdate,
)
from registry.residents.communities.errors import CommunityNotFound, CommunityUnclear
from shouhu_common.auth import require
from shouhu_common.identity import Principal
from shouhu_common.permissions import Permission
from shouhu_common.problems import problem_responses

router = APIRouter(tags=["shifts"])
can_manage = require(Permission.shifts_manage)


@router.get(
    "",
    response_model=list[ShiftTemplateRead],
    responses=problem_responses(CommunityNotFound, CommunityUnclear),
    summary="A community's shift templates",
)
async def list_shift_templates(
    community_id: uuid.UUID | None = Query(None),
    principal: Principal = Depends(require(Permission.shifts_read)),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await templates.list_templates(session, principal, community_id)


@router.post(
    "",
    status_code=201,
    response_model=ShiftTemplateRead,
    responses=problem_responses(CommunityNotFound, CommunityUnclear, ShiftGateNotFound),
    summary="Add a shift template (e.g. 20:00–08:00, crossing midnight)",
)
async def create_shift_template(
    body: ShiftTemplateCreate,
    principal: Principal = Depends(can_manage),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await templates.create_template(session, principal, body)


@router.patch(
    "/{template_id}",
    response_model=ShiftTemplateRead,
    responses=problem_responses(ShiftTemplateNotFound, ShiftTemplateInvalid),
    summary="Change a template (weeks filled later follow it)",
)
async def update_shift_template(
    template_id: uuid.UUID,
    body: ShiftTemplateUpdate,
    principal: Principal = Depends(can_manage),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await templates.update_template(session, principal, template_id, body)


@router.delete(
    "/{template_id}",
    status_code=204,
    responses=problem_responses(ShiftTemplateNotFound),
    summary="Remove a template (its shifts stay)",
)
async def delete_shift_template(
    template_id: uuid.UUID,
    principal: Principal = Depends(can_manage),
    session: AsyncSession = Depends(get_session),
) -> Response:
    await templates.delete_template(session, principal, template_id)
    return Response(status_code=204)
