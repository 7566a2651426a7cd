"""Reading the audit log (administrators), and exporting it, which is itself audited."""

from __future__ import annotations

from dataclasses import asdict

import anyio
import xlsxwriter
from sqlalchemy.ext.asyncio import AsyncSession

from registry.oversight.audit_log import repository
from registry.oversight.audit_log.errors import InvalidPeriod
from registry.oversight.audit_log.schemas import AuditEventRead, AuditFilter
from registry.residents.audit.models import AuditEvent
from registry.residents.audit.repository import Concerning, add_audit_event
from shouhu_common.identity import Principal
from shouhu_common.pagination import Page, PageParams

BATCH = 2000
COLUMNS = (
    "时间 at (UTC)",
    "账号 actor",
    "角色 role",
    "操作 action",
    "对象类型 target",
    "对象 target id",
    "事由 reason",
    "社区 community",
    "户 household",
    "人员 person",
    "请求 request id",
)


def _checked(flt: AuditFilter) -> AuditFilter:
    if flt.since is not None and flt.until is not None and flt.since > flt.until:
        raise InvalidPeriod(f"since {flt.since.isoformat()} is after until {flt.until.isoformat()}")
    return flt


async def list_events(
    session: AsyncSession, flt: AuditFilter, page: PageParams
) -> Page[AuditEventRead]:
    flt = _checked(flt)
    total = await repository.count_events(session, flt)
    rows = await repository.list_events(session, flt, page.limit, page.offset)
    return Page(
        items=[AuditEventRead.model_validate(r) for r in rows],
        total=total,
        limit=page.limit,
        offset=page.offset,
    )


def _row(event: AuditEvent) -> list[str]:
    return [
        event.at.strftime("%Y-%m-%d %H:%M:%S"),
        event.actor,
        event.role,
        event.action,
        event.target_type,
        event.target_id,
        event.reason,
        str(event.community_id or ""),
        str(event.household_id or ""),
        str(event.person_id or ""),
        event.request_id,
    ]


def _described(flt: AuditFilter) -> str:
    named = [f"{k}={v}" for k, v in asdict(flt).items() if v is not None]
    return ", ".join(named) or "all"


async def export_events(
    session: AsyncSession,
    principal: Principal,
    flt: AuditFilter,
    reason: str,
    request_id: str,
    path: str,
) -> None:
    """The export is recorded before a row is written, with the filters it used."""
    flt = _checked(flt)
    add_audit_event(
        session,
        principal,
        "export_audit_log",
        "audit_log",
        _described(flt)[:64],
        reason,
        request_id,
        Concerning(flt.community_id, flt.household_id, flt.person_id),
    )
    await session.commit()
    book = xlsxwriter.Workbook(path, {"constant_memory": True})
    try:
        sheet = book.add_worksheet("审计日志")
        sheet.write_row(0, 0, COLUMNS, book.add_format({"bold": True}))
        n = 0
        async for events in repository.stream_events(session, flt, BATCH):
            rows = [_row(e) for e in events]

            def write(rows: list[list[str]] = rows, start: int = n) -> None:
                for i, values in enumerate(rows, start=start + 1):
                    sheet.write_row(i, 0, values)

            await anyio.to_thread.run_sync(write)
            n += len(rows)
    finally:
        await anyio.to_thread.run_sync(book.close)
