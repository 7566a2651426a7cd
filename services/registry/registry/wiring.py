"""Reads that go against the contexts' import edges, handed in by the assembly: residents may not
import health, nor health access or operations, so the household's deletion check for
quarantines, the follow-ups' fever threshold, the gate's hook on applied test results and
the testing round's notice, who is in quarantine (a worker there may hold no resident's card)
and the second-approval check of bulk status changes are registered here. Idempotent;
`create_app` runs it."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from registry.access.gate_rules.repository import fever_threshold
from registry.access.gates.negatives import results_applied
from registry.health.quarantine_rules.repository import read_fever_threshold_with
from registry.health.quarantines.references import people_in_quarantine, quarantines_of_household
from registry.health.test_results.announce import on_results_applied
from registry.health.testing_rounds.notice import NoticeDraft, publish_notices_with
from registry.health.testing_rounds.schemas import RoundNoticeRead
from registry.operations.medicine.holders import read_people_in_quarantine_with
from registry.operations.notices.schemas import NoticeCreate
from registry.operations.notices.service import publish_notice
from registry.oversight.bulk_approvals.guard import hold_if_bulk
from registry.residents.audit.bulk_changes import hold_bulk_changes_with
from registry.residents.households.references import register_reference_check
from shouhu_common.identity import Principal


async def publish_round_notice(
    session: AsyncSession, principal: Principal, draft: NoticeDraft, base_url: str
) -> tuple[RoundNoticeRead, bool]:
    body = NoticeCreate(
        client_id=draft.client_id,
        community_id=draft.community_id,
        title=draft.title,
        body=draft.body,
    )
    notice, created = await publish_notice(session, principal, body, base_url)
    read = RoundNoticeRead(
        notice_id=notice.id,
        title=notice.title,
        body=notice.body,
        url=notice.url,
        share_text=notice.share_text,
        published_at=notice.published_at,
    )
    return read, created


def wire_contexts() -> None:
    register_reference_check("quarantines", quarantines_of_household)
    read_fever_threshold_with(fever_threshold)
    on_results_applied("gate", results_applied)
    publish_notices_with(publish_round_notice)
    read_people_in_quarantine_with(people_in_quarantine)
    hold_bulk_changes_with(hold_if_bulk)
