"""A community's gate rules as an immutable value: what verdicts, cards and offline bundles read."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from registry.access.gate_rules.models import GateRule, QuotaScope

QUOTA_EPOCH = date(2020, 1, 1)  # quota windows are counted in whole periods from this local day


@dataclass(frozen=True, slots=True)
class RuleSnapshot:
    fever_threshold: float = 37.3
    mask_required: bool = True
    quota_scope: QuotaScope = QuotaScope.none
    quota_exits: int = 1
    quota_period_days: int = 2
    curfew_start: time | None = None
    curfew_end: time | None = None
    refuse_quarantined: bool = True
    negative_within_hours: int | None = None  # None: no test result is asked for

    @classmethod
    def of(cls, rule: GateRule | None) -> RuleSnapshot:
        if rule is None:
            return cls()
        return cls(
            fever_threshold=rule.fever_threshold,
            mask_required=rule.mask_required,
            quota_scope=QuotaScope(rule.quota_scope),
            quota_exits=rule.quota_exits,
            quota_period_days=rule.quota_period_days,
            curfew_start=rule.curfew_start,
            curfew_end=rule.curfew_end,
            refuse_quarantined=rule.refuse_quarantined,
            negative_within_hours=rule.negative_within_hours,
        )

    def in_curfew(self, local: datetime) -> bool:
        start, end = self.curfew_start, self.curfew_end
        if start is None or end is None or start == end:
            return False
        now = local.time()
        return start <= now < end if start < end else now >= start or now < end

    def quota_window(self, local: datetime) -> int:
        return (local.date() - QUOTA_EPOCH).days // self.quota_period_days

    def window_end(self, window: int, zone: ZoneInfo) -> datetime:
        """Local midnight starting the next window: when the next outing is allowed."""
        day = QUOTA_EPOCH + timedelta(days=(window + 1) * self.quota_period_days)
        return datetime(day.year, day.month, day.day, tzinfo=zone)

    def text(self) -> str:
        lines = [f"体温 ≥ {self.fever_threshold:.1f}°C 不得通行，请至发热门诊"]
        if self.mask_required:
            lines.append("须佩戴口罩")
        if self.quota_scope != QuotaScope.none:
            who = "每户" if self.quota_scope == QuotaScope.household else "每人"
            period = "每天" if self.quota_period_days == 1 else f"每{self.quota_period_days}天"
            lines.append(f"{who}{period}限外出{self.quota_exits}次")
        if self.curfew_start is not None and self.curfew_end is not None:
            lines.append(f"{self.curfew_start:%H:%M}–{self.curfew_end:%H:%M} 禁止外出")
        if self.refuse_quarantined:
            lines.append("居家隔离期间禁止出入")
        if self.negative_within_hours is not None:
            lines.append(f"凭{self.negative_within_hours}小时内核酸阴性结果通行")
        return "；".join(lines)
