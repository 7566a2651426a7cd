"""Each community's quarantine rule (default length), with its fever threshold for reading."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Depends
from sqlalchemy.ext.asyncio import AsyncSession

from registry.database import get_session
from registry.health.quarantine_rules import service
from registry.health.quarantine_rules.errors import ThresholdForAdministrators
from registry.health.quarantine_rules.schemas import QuarantineRuleRead, QuarantineRuleUpdate
from registry.residents.communities.errors import CommunityNotFound
from shouhu_common.auth import require
from shouhu_common.identity import Principal
from shouhu_common.permissions import Permission
from shouhu_common.problems import problem_responses

router = APIRouter(tags=["quarantines"])


@router.get(
    "/{community_id}",
    response_model=QuarantineRuleRead,
    responses=problem_responses(CommunityNotFound),
    summary="A community's quarantine rule",
)
async def get_quarantine_rule(
    community_id: uuid.UUID,
    principal: Principal = Depends(require(Permission.quarantines_read)),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await service.get_rules(session, principal, community_id)


@router.put(
    "/{community_id}",
    response_model=QuarantineRuleRead,
    responses=problem_responses(CommunityNotFound, ThresholdForAdministrators),
    summary="Set a community's default quarantine length, whether self-reports replace calls "
    "(and, administrators, its bulk change threshold)",
    description="Fields left out stay as they are. `self_reports_replace_calls: true` lets a "
    "household's self-report from the card stand for that period's follow-up call.",
)
async def set_quarantine_rule(
    community_id: uuid.UUID,
    change: QuarantineRuleUpdate,
    principal: Principal = Depends(require(Permission.quarantines_write)),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await service.set_rules(session, principal, community_id, change)
