"""Notices 通知: publish to residents, read (residents: current ones), share, print."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Depends, Query, Request, Response
from sqlalchemy.ext.asyncio import AsyncSession

from registry.database import get_session
from registry.operations.notices import service
from registry.operations.notices.errors import (
    InvalidNoticeDates,
    NoticeClientIdReused,
    NoticeNotFound,
    PosterFontMissing,
)
from registry.operations.notices.models import NoticeState
from registry.operations.notices.schemas import NoticeCreate, NoticePage, NoticeRead, NoticeUpdate
from registry.residents.communities.errors import CommunityNotFound, CommunityUnclear
from shouhu_common.auth import require
from shouhu_common.identity import Principal
from shouhu_common.pagination import PageParams, page_params
from shouhu_common.permissions import Permission
from shouhu_common.problems import problem_responses

router = APIRouter(tags=["notices"])
can_read = require(Permission.notices_read)
can_publish = require(Permission.notices_publish)
can_print = require(Permission.notices_print)


async def public_base_url(request: Request) -> str:
    """REGISTRY_PUBLIC_BASE_URL: where residents open the PWA."""
    url: str = request.app.state.settings.public_base_url
    return url.rstrip("/")


@router.post(
    "",
    response_model=NoticeRead,
    status_code=201,
    responses={
        200: {"model": NoticeRead, "description": "A retry: the first notice, unchanged"},
        **problem_responses(
            CommunityNotFound, CommunityUnclear, InvalidNoticeDates, NoticeClientIdReused
        ),
    },
    summary="Publish a notice to the residents of a community (now or at a later time)",
)
async def publish_notice(
    body: NoticeCreate,
    response: Response,
    principal: Principal = Depends(can_publish),
    session: AsyncSession = Depends(get_session),
    base_url: str = Depends(public_base_url),
) -> object:
    notice, created = await service.publish_notice(session, principal, body, base_url)
    response.status_code = 201 if created else 200
    return notice


@router.get(
    "",
    response_model=NoticePage,
    summary="Notices, pinned first then latest (residents: the current ones of their community)",
)
async def list_notices(
    community_id: uuid.UUID | None = Query(None),
    state: NoticeState | None = Query(None, description="Staff: only notices in this state."),
    page: PageParams = Depends(page_params),
    principal: Principal = Depends(can_read),
    session: AsyncSession = Depends(get_session),
    base_url: str = Depends(public_base_url),
) -> object:
    return await service.list_notices(session, principal, community_id, state, page, base_url)


@router.get(
    "/{notice_id}",
    response_model=NoticeRead,
    responses=problem_responses(NoticeNotFound),
    summary="One notice, with its share text",
)
async def get_notice(
    notice_id: uuid.UUID,
    principal: Principal = Depends(can_read),
    session: AsyncSession = Depends(get_session),
    base_url: str = Depends(public_base_url),
) -> object:
    return await service.get_notice(session, principal, notice_id, base_url)


@router.patch(
    "/{notice_id}",
    response_model=NoticeRead,
    responses=problem_responses(NoticeNotFound, InvalidNoticeDates),
    summary="Correct a notice, pin or unpin it, change its publish or expiry time",
)
async def update_notice(
    notice_id: uuid.UUID,
    change: NoticeUpdate,
    principal: Principal = Depends(can_publish),
    session: AsyncSession = Depends(get_session),
    base_url: str = Depends(public_base_url),
) -> object:
    return await service.update_notice(session, principal, notice_id, change, base_url)


@router.delete(
    "/{notice_id}",
    status_code=204,
    response_class=Response,
    responses=problem_responses(NoticeNotFound),
    summary="Withdraw a notice: residents stop seeing it at once",
)
async def withdraw_notice(
    notice_id: uuid.UUID,
    principal: Principal = Depends(can_publish),
    session: AsyncSession = Depends(get_session),
) -> Response:
    await service.withdraw_notice(session, principal, notice_id)
    return Response(status_code=204)


@router.get(
    "/{notice_id}/poster.pdf",
    response_class=Response,
    responses={
        200: {"content": {"application/pdf": {}}, "description": "An A4 poster with a QR link"},
        **problem_responses(NoticeNotFound, PosterFontMissing),
    },
    summary="The notice as a printable A4 poster (PDF) with a QR code linking to it",
)
async def get_notice_poster(
    notice_id: uuid.UUID,
    principal: Principal = Depends(can_print),
    session: AsyncSession = Depends(get_session),
    base_url: str = Depends(public_base_url),
) -> Response:
    pdf = await service.notice_poster(session, principal, notice_id, base_url)
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="notice-{notice_id}.pdf"'},
    )
