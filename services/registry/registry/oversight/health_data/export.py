"""The health-data export of a community to XLSX: the final export before a purge, or a copy for
the sub-district. Audited before a byte is written (its audit record id is the export id a purge
names); phones masked unless the role may see them and asks to. It reads the primary, never the
read replica (shouhu_common.long_reads): a purge trusts that the export kept every health-data
write made before its audit record, and a replica that lags could have missed one."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from zoneinfo import ZoneInfo

import anyio
import xlsxwriter
from sqlalchemy.ext.asyncio import AsyncSession

from registry.oversight.health_data.care_sheets import CARE_SHEETS
from registry.oversight.health_data.medicine_sheets import MEDICINE_SHEETS
from registry.oversight.health_data.self_service_sheets import SELF_SERVICE_SHEETS
from registry.oversight.health_data.sheets import SHEETS, Context, Sheet, context
from registry.residents.audit.repository import add_audit_event
from registry.residents.communities import repository as communities
from registry.residents.communities.errors import CommunityNotFound
from registry.residents.communities.service import community_for
from shouhu_common.identity import Principal
from shouhu_common.permissions import Permission, allows
from shouhu_common.pii import PersonalDataCipher
from shouhu_common.problems import Forbidden

BATCH = 2000


async def _write_sheet(
    session: AsyncSession,
    book: xlsxwriter.Workbook,
    sheet: Sheet,
    community_id: uuid.UUID,
    ctx: Context,
) -> None:
    bold = book.add_format({"bold": True})
    worksheet = book.add_worksheet(sheet.name)
    worksheet.write_row(0, 0, sheet.columns, bold)
    n = 0
    result = await session.stream(sheet.query(community_id).execution_options(yield_per=BATCH))
    async for partition in result.partitions(BATCH):
        rows = [sheet.row(r, ctx) for r in partition]

        def write(rows: list[Sequence[object]] = rows, start: int = n) -> None:
            for i, values in enumerate(rows, start=start + 1):
                worksheet.write_row(i, 0, values)  # strings stay text: a phone never a number

        await anyio.to_thread.run_sync(write)
        n += len(rows)


async def export_health_data(
    session: AsyncSession,
    cipher: PersonalDataCipher,
    principal: Principal,
    *,
    community_id: uuid.UUID | None,
    reveal: bool,
    reason: str,
    request_id: str,
    path: str,
) -> uuid.UUID:
    """Writes the workbook to `path`; returns the export id (its audit record)."""
    if reveal and not allows(principal.role, Permission.personal_data_full):
        raise Forbidden("this role may not export full phones")
    community_id = community_for(principal, community_id)
    community = await communities.get_community(session, community_id)
    if community is None:
        raise CommunityNotFound()
    action = "export_health_data_full" if reveal else "export_health_data_masked"
    event = add_audit_event(
        session, principal, action, "community", str(community_id), reason, request_id
    )
    await session.flush()
    export_id, zone = event.id, ZoneInfo(community.timezone)
    await session.commit()
    ctx = await context(session, community_id, zone, cipher, reveal)
    book = xlsxwriter.Workbook(path, {"constant_memory": True})
    try:
        for sheet in (*SHEETS, *CARE_SHEETS, *MEDICINE_SHEETS, *SELF_SERVICE_SHEETS):
            await _write_sheet(session, book, sheet, community_id, ctx)
    finally:
        await anyio.to_thread.run_sync(book.close)
    return export_id
