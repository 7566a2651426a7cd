"""A household's next allowed outing, as the gate would judge an exit: quarantine first, then
the curfew, then the outing quota. The quota is counted from the committed quota slots (the same
rows that make a second exit fail on any replica), so the household card agrees with the gate."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from registry.access.gate_rules.models import QuotaScope
from registry.access.gate_rules.rules import RuleSnapshot
from registry.access.gates import repository
from registry.access.gates import state_repository as loading
from registry.access.gates.errors import HouseholdNotFound
from registry.access.gates.schemas import OutingQuarantine, OutingQuota, OutingStatus
from registry.access.gates.verdicts import CLOSED, MESSAGES, Reason
from registry.health.quarantines import repository as quarantines
from registry.health.quarantines.models import QuarantineStatus
from registry.health.quarantines.repository import QuarantineFilter
from registry.residents.assignments.scope import scope_of
from registry.residents.households.models import Household, HouseholdStatus
from shouhu_common.identity import Principal, Role

DEFAULT_ZONE = "Asia/Shanghai"
MAX_QUARANTINES = 50  # of one household: more would be a data error, not a card to show


async def outing_status(
    session: AsyncSession, principal: Principal, household_id: uuid.UUID, now: datetime
) -> OutingStatus:
    """A resident reads only their own household; staff only households in their scope."""
    household = await session.get(Household, household_id)
    if household is None:
        raise HouseholdNotFound()
    if principal.role == Role.resident:
        if principal.household_id != household_id:
            raise HouseholdNotFound()
    elif not (await scope_of(session, principal)).admits(
        household.community_id, household.building_id
    ):
        raise HouseholdNotFound()
    zone = ZoneInfo(await loading.community_zone(session, household.community_id) or DEFAULT_ZONE)
    rule = await loading.rule(session, household.community_id)
    local = now.astimezone(zone)
    active = await quarantines.list_quarantines(
        session,
        QuarantineFilter(None, household_id=household_id, status=QuarantineStatus.active),
        MAX_QUARANTINES,
        0,
    )
    quota = None
    if rule.quota_scope != QuotaScope.none:
        window = rule.quota_window(local)
        used = await repository.quota_used_by(session, household_id, window)
        quota = OutingQuota(
            scope=rule.quota_scope.value,
            exits_per_period=rule.quota_exits,
            period_days=rule.quota_period_days,
            used=used,
            left=max(rule.quota_exits - used, 0),
            window_ends_at=rule.window_end(window, zone),
        )
    status = OutingStatus(
        household_id=household_id,
        household_status=str(household.status),
        can_go_out_now=True,
        message="现在可以外出",
        next_allowed_at=local,
        quota=quota,
        curfew=_curfew_text(rule),
        quarantine_end_date=await quarantines.home_quarantine_end(session, household),
        quarantines=[
            OutingQuarantine(
                person_name=row.person_name,
                kind=str(row.quarantine.kind),
                start_date=row.quarantine.start_date,
                planned_end_date=row.quarantine.planned_end_date,
            )
            for row in active
        ],
    )
    return _judge_next_outing(status, rule, household.status, local)


def _judge_next_outing(
    status: OutingStatus, rule: RuleSnapshot, household_status: str, local: datetime
) -> OutingStatus:
    if household_status != HouseholdStatus.normal and rule.refuse_quarantined:
        label = CLOSED.get(household_status, "隔离")
        ends = _end_text(status.quarantine_end_date)
        return status.model_copy(
            update={
                "can_go_out_now": False,
                "reason": Reason.quarantined.value,
                "message": f"该户正在{label}，禁止出入{ends}",
                "next_allowed_at": None,
            }
        )
    reason: Reason | None = None
    at = local
    if rule.in_curfew(local):
        reason = Reason.curfew
    if status.quota is not None and status.quota.left == 0:
        reason = reason or Reason.quota_used
        at = status.quota.window_ends_at
    if rule.in_curfew(at):
        at = _curfew_end_after(rule, at)
    if reason is None:
        left = f"（本周期还可外出 {status.quota.left} 次）" if status.quota else ""
        return status.model_copy(update={"message": f"现在可以外出{left}"})
    return status.model_copy(
        update={
            "can_go_out_now": False,
            "reason": reason.value,
            "message": f"{MESSAGES[reason]}，下次可外出时间：{at:%m月%d日 %H:%M}",
            "next_allowed_at": at,
        }
    )


def _curfew_text(rule: RuleSnapshot) -> str | None:
    if rule.curfew_start is None or rule.curfew_end is None or rule.curfew_start == rule.curfew_end:
        return None
    return f"{rule.curfew_start:%H:%M}–{rule.curfew_end:%H:%M}"


def _curfew_end_after(rule: RuleSnapshot, local: datetime) -> datetime:
    """The first end of the curfew after `local`, which lies inside the curfew."""
    assert rule.curfew_end is not None
    end = datetime.combine(local.date(), rule.curfew_end, tzinfo=local.tzinfo)
    return end if end > local else end + timedelta(days=1)


def _end_text(end: date | None) -> str:
    return f"（预计 {end:%m月%d日} 解除）" if end else ""
