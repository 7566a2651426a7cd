"""The demo community's gates: three checkpoints, `gate1` posted at 东苑东门, the gate rules, an
active signing key, a 30-day pass for every household, three households in home quarantine (their
passes show as suspended, and supplies learns it from the usual events) and one revoked pass
(reissued: the old QR is dead)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from registry.access.gate_rules.models import GateRule, QuotaScope
from registry.access.gates.models import Gate, GateAssignment
from registry.access.passes.models import PassStatus
from registry.access.passes.service import new_pass
from registry.access.passes.signing import PassSigner
from registry.access.passes.versions import bump_state_version
from registry.config import get_settings
from registry.health.quarantines.household_status import settle_household_status
from registry.health.quarantines.models import Quarantine, QuarantineKind
from registry.residents.audit.reasons import PassReason, QuarantineReason
from registry.residents.households.models import Household
from shouhu_common.demo_ids import DEMO_COMMUNITY_ID, demo_id, demo_user_id

GATES = ("东苑东门", "东苑北门", "西苑南门")
GATE1_AT = "东苑东门"
QUARANTINED = (7, 42, 133)  # demo household numbers (FL00007 …) in home quarantine
REVOKED = 20  # this household's first pass was reported lost and reissued
PASS_DAYS = 30


async def load_demo_gates(session: AsyncSession, households: list[Household]) -> None:
    """Called by `demo.load_demo` once the households are flushed; commits nothing itself."""
    now = datetime.now(UTC).replace(microsecond=0)
    for name in GATES:
        session.add(Gate(id=demo_id("gate", name), community_id=DEMO_COMMUNITY_ID, name=name))
    await session.flush()
    session.add(
        GateAssignment(gate_id=demo_id("gate", GATE1_AT), subject=f"user:{demo_user_id('gate1')}")
    )
    session.add(
        GateRule(
            community_id=DEMO_COMMUNITY_ID,
            fever_threshold=37.3,
            mask_required=True,
            quota_scope=QuotaScope.household,
            quota_exits=1,
            quota_period_days=2,
            curfew_start=time(22, 0),
            curfew_end=time(6, 0),
            refuse_quarantined=True,
        )
    )
    settings = get_settings()
    signer = PassSigner(settings.pass_key_secret, settings.previous_pass_key_secrets())
    await signer.current_key(session, DEMO_COMMUNITY_ID)  # the active key, made here
    version = await bump_state_version(session, DEMO_COMMUNITY_ID)
    until = now + timedelta(days=PASS_DAYS)
    by_number = {int(h.card_number[2:]): h for h in households}
    for number, household in sorted(by_number.items()):
        issued = await new_pass(session, signer, household, None, now, until, version)
        if number == REVOKED:
            issued.status = PassStatus.revoked
            issued.reason = "出入证遗失，已补办"
            issued.reason_code = PassReason.lost_card
            replacement = await new_pass(session, signer, household, None, now, until, version)
            issued.replaced_by_id = replacement.id
    await session.flush()
    await _quarantine(session, [by_number[n] for n in QUARANTINED], now.date())


async def _quarantine(session: AsyncSession, households: list[Household], today: date) -> None:
    """Whole-household home quarantines started three days ago, through the quarantine domain's
    own status rule, so the households are `home_quarantine` and the events go out."""
    for household in households:
        session.add(
            Quarantine(
                client_id=demo_id("quarantine", household.card_number),
                community_id=DEMO_COMMUNITY_ID,
                household_id=household.id,
                person_id=None,
                kind=QuarantineKind.home,
                start_date=today - timedelta(days=3),
                planned_end_date=today + timedelta(days=11),
                reason_code=QuarantineReason.close_contact,
                reason="与确诊病例同乘电梯（区疫情防控指挥部流调通知）",
                created_by="demo",
            )
        )
        await settle_household_status(session, household, None)
