"""The gate verdict, as a pure function of the community's state, the pass and the passage.

Checks run in the order a volunteer would explain them: is the pass genuine and ours, is it valid,
is the household allowed out, then the body (fever, mask), then the clock (curfew, quota). A fever
is flagged for referral whatever else the verdict says.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from registry.access.gate_rules.models import QuotaScope
from registry.access.gates.models import Direction, Verdict
from registry.access.gates.state import CommunityState, PassEntry
from registry.access.passes.models import PassStatus
from registry.residents.households.models import HouseholdStatus


class Reason(StrEnum):
    forged = "forged"
    wrong_community = "wrong_community"
    not_found = "not_found"
    revoked = "revoked"
    suspended = "suspended"
    expired = "expired"
    not_yet_valid = "not_yet_valid"
    quarantined = "quarantined"
    fever = "fever"
    no_mask = "no_mask"
    curfew = "curfew"
    quota_used = "quota_used"
    no_recent_negative = "no_recent_negative"


MESSAGES: dict[Reason, str] = {
    Reason.forged: "二维码无效或已被篡改，请人工核验",
    Reason.wrong_community: "非本社区出入证",
    Reason.not_found: "查无此出入证号",
    Reason.revoked: "出入证已作废",
    Reason.suspended: "出入证已暂停使用",
    Reason.expired: "出入证已过期",
    Reason.not_yet_valid: "出入证尚未生效",
    Reason.quarantined: "该户正在居家隔离，禁止出入",
    Reason.fever: "体温异常，禁止通行，请引导至发热门诊",
    Reason.no_mask: "未佩戴口罩，禁止通行",
    Reason.curfew: "宵禁时段，禁止外出",
    Reason.quota_used: "本周期外出次数已用完",
    Reason.no_recent_negative: "无规定时间内的核酸阴性结果，禁止通行",
}
ALLOW_MESSAGE = "准予通行"
CLOSED = {HouseholdStatus.home_quarantine.value: "居家隔离", HouseholdStatus.sealed.value: "封控"}


@dataclass(slots=True)
class Judgement:
    verdict: Verdict
    reason: Reason | None = None
    message: str = ALLOW_MESSAGE
    entry: PassEntry | None = None
    next_allowed_at: datetime | None = None
    fever: bool = False
    quota_key: tuple[uuid.UUID, int] | None = None  # the slot an allowed exit takes

    @classmethod
    def deny(cls, reason: Reason, entry: PassEntry | None = None, message: str = "") -> Judgement:
        return cls(Verdict.deny, reason, message or MESSAGES[reason], entry)


def effective_status(state: CommunityState, entry: PassEntry, at: datetime) -> str:
    """What the card shows: `revoked`, `suspended` (also while the household is quarantined),
    `expired`, or `active`."""
    if entry.status != PassStatus.active:
        return entry.status.value
    if entry.household_id in state.closed_households and state.rule.refuse_quarantined:
        return PassStatus.suspended.value
    if at >= entry.valid_until:
        return "expired"
    return PassStatus.active.value


def judge(
    state: CommunityState,
    entry: PassEntry,
    *,
    direction: Direction,
    at: datetime,
    temperature: float | None = None,
    mask: bool | None = None,
    client_id: uuid.UUID | None = None,
) -> Judgement:
    """`client_id`: the log being judged; an exit it already holds a quota slot for is not a
    second exit (a retry, or the same log uploaded twice at once)."""
    rule = state.rule
    fever = temperature is not None and temperature >= rule.fever_threshold
    verdict = _judge(state, entry, direction, at, temperature, mask, client_id)
    verdict.fever = fever
    return verdict


def _judge(
    state: CommunityState,
    entry: PassEntry,
    direction: Direction,
    at: datetime,
    temperature: float | None,
    mask: bool | None,
    client_id: uuid.UUID | None,
) -> Judgement:
    rule = state.rule
    if entry.status == PassStatus.revoked:
        detail = f"{MESSAGES[Reason.revoked]}（{entry.reason}）" if entry.reason else ""
        return Judgement.deny(Reason.revoked, entry, detail)
    if entry.status == PassStatus.suspended:
        detail = f"{MESSAGES[Reason.suspended]}（{entry.reason}）" if entry.reason else ""
        return Judgement.deny(Reason.suspended, entry, detail)
    if at >= entry.valid_until:
        return Judgement.deny(Reason.expired, entry)
    if at < entry.valid_from:
        return Judgement.deny(Reason.not_yet_valid, entry)
    closed = state.closed_households.get(entry.household_id)
    if closed is not None and rule.refuse_quarantined:
        label = CLOSED.get(closed, "隔离")
        return Judgement.deny(Reason.quarantined, entry, f"该户正在{label}，禁止出入")
    within = rule.negative_within_hours
    if within is not None:
        negative = state.negatives.latest(entry.household_id, entry.person_id)
        if negative is None or at - negative > timedelta(hours=within):
            return Judgement.deny(
                Reason.no_recent_negative, entry, f"无{within}小时内核酸阴性结果，禁止通行"
            )
    if temperature is not None and temperature >= rule.fever_threshold:
        message = (
            f"体温 {temperature:.1f}°C ≥ {rule.fever_threshold:.1f}°C，禁止通行，请引导至发热门诊"
        )
        return Judgement.deny(Reason.fever, entry, message)
    if mask is False and rule.mask_required:
        return Judgement.deny(Reason.no_mask, entry)
    if direction != Direction.out:
        return Judgement(Verdict.allow, entry=entry)
    local = at.astimezone(state.zone)
    if rule.in_curfew(local):
        assert rule.curfew_start is not None
        assert rule.curfew_end is not None
        hours = f"{rule.curfew_start:%H:%M}–{rule.curfew_end:%H:%M}"
        return Judgement.deny(Reason.curfew, entry, f"宵禁时段（{hours}），禁止外出")
    if rule.quota_scope == QuotaScope.none:
        return Judgement(Verdict.allow, entry=entry)
    subject = entry.household_id
    if rule.quota_scope == QuotaScope.person and entry.person_id is not None:
        subject = entry.person_id
    window = rule.quota_window(local)
    key = (subject, window)
    holders = state.quota.get(key, {})
    if client_id not in holders and len(holders) >= rule.quota_exits:
        return quota_denial(state, entry, window)
    return Judgement(Verdict.allow, entry=entry, quota_key=key)


def quota_denial(state: CommunityState, entry: PassEntry | None, window: int) -> Judgement:
    next_at = state.rule.window_end(window, state.zone)
    message = f"{MESSAGES[Reason.quota_used]}，下次可外出时间：{next_at:%m月%d日 %H:%M}"
    judgement = Judgement.deny(Reason.quota_used, entry, message)
    judgement.next_allowed_at = next_at
    return judgement
