"""Exporting a community's households and people to XLSX for the sub-district.

Masked unless the role may see full personal data and asks to; every export, masked or not,
is in the audit log (who, when, which community, why) before a byte is written. The audit record
is written on the primary; the rows are read through the long-read session (the read replica
when there is one), so a household written a moment before may be missing from the workbook.
"""

from __future__ import annotations

import uuid

import anyio
from sqlalchemy.ext.asyncio import AsyncSession

from registry.residents.audit.repository import add_audit_event
from registry.residents.communities import repository as communities
from registry.residents.communities.errors import CommunityNotFound
from registry.residents.communities.service import community_for
from registry.residents.exports import repository
from registry.residents.exports.workbook import ExportWorkbook
from shouhu_common.identity import Principal
from shouhu_common.permissions import Permission, allows
from shouhu_common.pii import PersonalDataCipher
from shouhu_common.problems import Forbidden


async def export_households(
    session: AsyncSession,
    reads: AsyncSession,
    cipher: PersonalDataCipher,
    principal: Principal,
    *,
    community_id: uuid.UUID | None,
    reveal: bool,
    reason: str,
    request_id: str,
    path: str,
) -> uuid.UUID:
    """Writes the workbook to `path`; returns the community exported."""
    if reveal and not allows(principal.role, Permission.personal_data_full):
        raise Forbidden("this role may not export full ID numbers or phones")
    community_id = community_for(principal, community_id)
    if await communities.get_community(session, community_id) is None:
        raise CommunityNotFound()
    action = "export_households_full" if reveal else "export_households_masked"
    add_audit_event(session, principal, action, "community", str(community_id), reason, request_id)
    await session.commit()
    book = ExportWorkbook(path, cipher, reveal)
    try:
        # Decrypting and writing are CPU work: each batch goes to a worker thread.
        async for rows in repository.people_batches(reads, community_id):
            await anyio.to_thread.run_sync(book.add_people, rows)
        async for rows in repository.household_batches(reads, community_id):
            await anyio.to_thread.run_sync(book.add_households, rows)
    finally:
        await anyio.to_thread.run_sync(book.close)
    return community_id
