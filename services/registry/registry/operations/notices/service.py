"""Notices 通知: staff publish them to the residents of a community, optionally from a later time
and until an expiry; residents see only the current notices of their own community, pinned
first. Each notice carries a share text for the residents' group chat and a printable poster
whose QR code opens it in the PWA."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from registry.operations.notices import repository
from registry.operations.notices.errors import (
    InvalidNoticeDates,
    NoticeClientIdReused,
    NoticeNotFound,
)
from registry.operations.notices.models import Notice, NoticeState
from registry.operations.notices.poster import PosterText, render_poster_async
from registry.operations.notices.repository import NoticeFilter
from registry.operations.notices.schemas import NoticeCreate, NoticeRead, NoticeUpdate
from registry.residents.communities import repository as communities
from registry.residents.communities.errors import CommunityNotFound
from registry.residents.communities.service import community_for
from shouhu_common.clock import utc_now
from shouhu_common.identity import Principal, Role
from shouhu_common.pagination import Page, PageParams

PUBLISH_PAST = timedelta(days=1)
PUBLISH_FUTURE = timedelta(days=90)
LONGEST_LIFE = timedelta(days=366)


def state_of(notice: Notice, now: datetime) -> NoticeState:
    if notice.withdrawn_at is not None:
        return NoticeState.withdrawn
    if notice.published_at > now:
        return NoticeState.scheduled
    if notice.expires_at is not None and notice.expires_at <= now:
        return NoticeState.expired
    return NoticeState.current


def notice_url(base_url: str, notice_id: uuid.UUID) -> str:
    """The PWA routes by path (the gateway answers client paths with the app)."""
    return f"{base_url.rstrip('/')}/notices/{notice_id}"


def share_text(community: str, notice: Notice, url: str, zone: ZoneInfo) -> str:
    lines = [f"【{community}通知】{notice.title}", "", notice.body, ""]
    if notice.expires_at is not None:
        lines.append(f"有效期至 {notice.expires_at.astimezone(zone):%m月%d日 %H:%M}")
    lines.append(f"详情：{url}")
    return "\n".join(lines)


async def _read(session: AsyncSession, notice: Notice, base_url: str, now: datetime) -> NoticeRead:
    community = await communities.get_community(session, notice.community_id)
    assert community is not None
    url = notice_url(base_url, notice.id)
    return NoticeRead(
        id=notice.id,
        community_id=notice.community_id,
        title=notice.title,
        body=notice.body,
        pinned=notice.pinned,
        published_at=notice.published_at,
        expires_at=notice.expires_at,
        withdrawn_at=notice.withdrawn_at,
        state=state_of(notice, now),
        url=url,
        share_text=share_text(community.name, notice, url, ZoneInfo(community.timezone)),
        created_at=notice.created_at,
        updated_at=notice.updated_at,
    )


def _check_published(published_at: datetime, now: datetime) -> None:
    if not now - PUBLISH_PAST <= published_at <= now + PUBLISH_FUTURE:
        raise InvalidNoticeDates("published_at must be between yesterday and 90 days from now")


def _check_expiry(published_at: datetime, expires_at: datetime | None, now: datetime) -> None:
    if expires_at is None:
        return
    if expires_at <= max(published_at, now):
        raise InvalidNoticeDates("expires_at must be after both now and published_at")
    if expires_at > published_at + LONGEST_LIFE:
        raise InvalidNoticeDates("a notice lasts at most a year")


async def _visible(session: AsyncSession, principal: Principal, notice_id: uuid.UUID) -> Notice:
    """A resident sees only the current notices of their community; the rest does not exist
    for them (no existence oracle for drafts or withdrawn notices)."""
    notice = await repository.get_notice(session, notice_id)
    if notice is None or not principal.in_community(notice.community_id):
        raise NoticeNotFound()
    if principal.role == Role.resident and state_of(notice, utc_now()) != NoticeState.current:
        raise NoticeNotFound()
    return notice


async def publish_notice(
    session: AsyncSession, principal: Principal, body: NoticeCreate, base_url: str
) -> tuple[NoticeRead, bool]:
    """(the notice, created)"""
    now = utc_now()
    if body.client_id is not None:
        earlier = await repository.get_by_client_id(session, body.client_id)
        if earlier is not None:
            if not principal.in_community(earlier.community_id):
                raise NoticeNotFound()
            if earlier.title != body.title:
                raise NoticeClientIdReused(f"client_id {body.client_id} belongs to another notice")
            return await _read(session, earlier, base_url, now), False
    community_id = community_for(principal, body.community_id)
    if await communities.get_community(session, community_id) is None:
        raise CommunityNotFound()
    published_at = body.published_at or now
    _check_published(published_at, now)
    _check_expiry(published_at, body.expires_at, now)
    notice = Notice(
        id=uuid.uuid4(),
        client_id=body.client_id,
        community_id=community_id,
        title=body.title,
        body=body.body,
        pinned=body.pinned,
        published_at=published_at,
        expires_at=body.expires_at,
        created_by=principal.subject,
        created_at=now,
        updated_by=principal.subject,
        updated_at=now,
    )
    repository.add(session, notice)
    try:
        await session.commit()
    except IntegrityError:  # the same client_id arrived twice at once
        await session.rollback()
        assert body.client_id is not None
        first = await repository.get_by_client_id(session, body.client_id)
        if first is None:
            raise
        return await _read(session, first, base_url, now), False
    return await _read(session, notice, base_url, now), True


async def list_notices(
    session: AsyncSession,
    principal: Principal,
    community_id: uuid.UUID | None,
    state: NoticeState | None,
    page: PageParams,
    base_url: str,
) -> Page[NoticeRead]:
    """Residents: the current notices of their community, whatever they ask for."""
    if principal.role == Role.resident:
        state = NoticeState.current
    if community_id is not None:
        only: list[uuid.UUID] | None = (
            [community_id] if principal.in_community(community_id) else []
        )
    else:
        only = None if principal.role == Role.admin else list(principal.community_ids)
    now = utc_now()
    flt = NoticeFilter(community_ids=only, state=state, now=now)
    total, rows = await repository.list_notices(session, flt, page.limit, page.offset)
    items = [await _read(session, n, base_url, now) for n in rows]
    return Page(items=items, total=total, limit=page.limit, offset=page.offset)


async def get_notice(
    session: AsyncSession, principal: Principal, notice_id: uuid.UUID, base_url: str
) -> NoticeRead:
    notice = await _visible(session, principal, notice_id)
    return await _read(session, notice, base_url, utc_now())


async def update_notice(
    session: AsyncSession,
    principal: Principal,
    notice_id: uuid.UUID,
    change: NoticeUpdate,
    base_url: str,
) -> NoticeRead:
    """A withdrawn notice stays withdrawn: publish a new one instead."""
    notice = await _visible(session, principal, notice_id)
    if notice.withdrawn_at is not None:
        raise NoticeNotFound("the notice was withdrawn")
    now = utc_now()
    sent = change.model_fields_set
    published_at = change.published_at if "published_at" in sent else notice.published_at
    expires_at = change.expires_at if "expires_at" in sent else notice.expires_at
    assert published_at is not None
    if "published_at" in sent:
        _check_published(published_at, now)
    if {"published_at", "expires_at"} & sent:
        _check_expiry(published_at, expires_at, now)
    for field in sent:
        setattr(notice, field, getattr(change, field))
    notice.updated_by = principal.subject
    notice.updated_at = now
    await session.commit()
    return await _read(session, notice, base_url, now)


async def withdraw_notice(
    session: AsyncSession, principal: Principal, notice_id: uuid.UUID
) -> None:
    """Residents stop seeing it at once; withdrawing twice changes nothing."""
    notice = await _visible(session, principal, notice_id)
    if notice.withdrawn_at is None:
        notice.withdrawn_at = utc_now()
        notice.updated_by = principal.subject
        await session.commit()


async def notice_poster(
    session: AsyncSession, principal: Principal, notice_id: uuid.UUID, base_url: str
) -> bytes:
    notice = await _visible(session, principal, notice_id)
    community = await communities.get_community(session, notice.community_id)
    assert community is not None
    zone = ZoneInfo(community.timezone)
    return await render_poster_async(
        PosterText(
            community=community.name,
            title=notice.title,
            body=notice.body,
            published_local=notice.published_at.astimezone(zone),
            expires_local=notice.expires_at.astimezone(zone) if notice.expires_at else None,
            url=notice_url(base_url, notice.id),
        )
    )
