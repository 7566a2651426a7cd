"""Community gate rules: fever threshold, mask, outing quota, curfew, quarantine refusal."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession

from registry.access.gate_rules import service
from registry.access.gate_rules.errors import CommunityNotFound, InvalidGateRule
from registry.access.gate_rules.schemas import GateRuleRead, GateRuleWrite
from registry.database import get_session
from shouhu_common.auth import require
from shouhu_common.identity import Principal
from shouhu_common.permissions import Permission
from shouhu_common.problems import problem_responses

router = APIRouter(tags=["gate rules"])


@router.get(
    "/{community_id}",
    response_model=GateRuleRead,
    responses=problem_responses(CommunityNotFound),
    summary="A community's gate rules (defaults until set)",
)
async def get_gate_rule(
    community_id: uuid.UUID,
    principal: Principal = Depends(require(Permission.gate_rules_read)),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await service.get_gate_rule(session, principal, community_id)


@router.put(
    "/{community_id}",
    response_model=GateRuleRead,
    responses=problem_responses(CommunityNotFound, InvalidGateRule),
    summary="Set a community's gate rules",
)
async def set_gate_rule(
    request: Request,
    community_id: uuid.UUID,
    body: GateRuleWrite,
    principal: Principal = Depends(require(Permission.gates_manage)),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await service.set_gate_rule(
        session, request.app.state.gate_states, principal, community_id, body
    )
