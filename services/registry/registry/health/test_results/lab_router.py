"""A lab partner posts results by tube (`X-API-Key` of a partner of kind `lab`)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession

from registry.database import get_session
from registry.health.test_results import service
from registry.health.test_results.errors import LabResultsRejected, NotALab
from registry.health.test_results.schemas import LabResultsAccepted, LabResultsPost
from shouhu_common.auth import require
from shouhu_common.identity import Principal
from shouhu_common.permissions import Permission
from shouhu_common.problems import problem_responses

router = APIRouter(tags=["testing rounds"])


@router.post(
    "",
    response_model=LabResultsAccepted,
    responses=problem_responses(NotALab, LabResultsRejected),
    summary="Post results by tube (lab partners)",
    description=(
        "Only tubes of the lab's community. All or nothing: any unknown tube, tube named twice "
        "or result contradicting a tube's earlier one refuses the whole post (422, with "
        "`problems`: [{row, barcode, message}]). A tube that already has the same result is left "
        "as it is, so a retried post changes nothing."
    ),
)
async def post_lab_results(
    request: Request,
    body: LabResultsPost,
    principal: Principal = Depends(require(Permission.lab_results_post)),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await service.post_lab_results(session, request.app.state.gate_states, principal, body)
