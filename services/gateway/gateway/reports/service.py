"""The daily report (日报): the registry's and the supplies' figures for the same day, side by side
per community, and their totals. Each service computes its own figures from its records; the
gateway only puts them together (it reads no database of theirs)."""

from __future__ import annotations

import asyncio
import uuid
from collections import Counter
from datetime import UTC, date, datetime
from typing import Any

from gateway.clients.figures import (
    RegistryDailyRef,
    RegistryDayRef,
    SuppliesDailyRef,
    SuppliesDayRef,
)
from gateway.clients.registry import RegistryClient
from gateway.clients.supplies import SuppliesClient
from gateway.reports.schemas import CommunityReport, DailyReport, ReportFigures, StockLine
from shouhu_common.identity import Principal

NO_SUPPLIES = SuppliesDayRef(
    community_id=uuid.UUID(int=0),
    orders_placed=0,
    orders_delivered=0,
    orders_delivered_gate=0,
    orders_delivered_door=0,
    orders_undelivered=0,
    households_reached=0,
    stock_distributed=[],
)
SUMMED = [name for name, field in ReportFigures.model_fields.items() if field.annotation is int]


def _row(registry: RegistryDayRef, supplies: SuppliesDayRef) -> CommunityReport:
    return CommunityReport(
        community_id=registry.community_id,
        community_name=registry.community_name,
        subdistrict=registry.subdistrict,
        households=registry.households,
        households_screened=registry.households_screened,
        high_risk_households=registry.high_risk_households,
        returnees_registered=registry.returnees_registered,
        visitors_registered=registry.visitors_registered,
        people_home_quarantine=registry.people_home_quarantine,
        people_centralized_quarantine=registry.people_centralized_quarantine,
        households_in_quarantine=registry.households_in_quarantine,
        quarantines_started=registry.quarantines_started,
        quarantines_released=registry.quarantines_released,
        referrals_opened=registry.referrals_opened,
        referrals_open=registry.referrals_open,
        gate_passages_out=registry.gate.passages_out,
        gate_passages_in=registry.gate.passages_in,
        gate_denied=registry.gate.denied,
        gate_denied_people=registry.gate.denied_people,
        gate_denied_by_reason=registry.gate.denied_by_reason,
        gate_fevers=registry.gate.fevers,
        tasks_done=registry.tasks_done,
        care_due=registry.care_due,
        care_checked=registry.care_checked,
        care_escalated=registry.care_escalated,
        testing_expected=registry.testing_expected,
        testing_sampled=registry.testing_sampled,
        testing_missing=registry.testing_missing,
        testing_positive_tubes=registry.testing_positive_tubes,
        orders_placed=supplies.orders_placed,
        orders_delivered=supplies.orders_delivered,
        orders_delivered_gate=supplies.orders_delivered_gate,
        orders_delivered_door=supplies.orders_delivered_door,
        orders_undelivered=supplies.orders_undelivered,
        households_reached=supplies.households_reached,
        stock_distributed=[
            StockLine(name=s.name, unit=s.unit, quantity=s.quantity)
            for s in supplies.stock_distributed
        ],
    )


def _totals(rows: list[CommunityReport]) -> ReportFigures:
    sums: dict[str, Any] = {name: sum(getattr(r, name) for r in rows) for name in SUMMED}
    reasons: Counter[str] = Counter()
    stock: Counter[tuple[str, str]] = Counter()
    for r in rows:
        reasons.update(r.gate_denied_by_reason)
        stock.update({(s.name, s.unit): s.quantity for s in r.stock_distributed})
    return ReportFigures(
        **sums,
        gate_denied_by_reason=dict(sorted(reasons.items())),
        stock_distributed=[
            StockLine(name=name, unit=unit, quantity=n) for (name, unit), n in sorted(stock.items())
        ],
    )


async def _figures(
    registry: RegistryClient,
    supplies: SuppliesClient,
    principal: Principal,
    day: date | None,
    community_id: uuid.UUID | None,
    request_id: str,
) -> tuple[RegistryDailyRef, SuppliesDailyRef]:
    """Both halves at once; a refusal of either (a future day, another's community) is the
    answer, and an unavailable service fails the report: the sub-district gets all or nothing."""
    answers = await asyncio.gather(
        registry.daily_figures(day, community_id, principal, request_id),
        supplies.daily_figures(day, community_id, principal, request_id),
        return_exceptions=True,
    )
    for answer in answers:
        if isinstance(answer, BaseException):
            raise answer
    reg, sup = answers
    assert isinstance(reg, RegistryDailyRef)
    assert isinstance(sup, SuppliesDailyRef)
    if sup.date != reg.date:  # no day asked, and midnight passed between the two answers
        sup = await supplies.daily_figures(reg.date, community_id, principal, request_id)
    return reg, sup


async def daily_report(
    registry: RegistryClient,
    supplies: SuppliesClient,
    principal: Principal,
    day: date | None,
    community_id: uuid.UUID | None,
    request_id: str = "",
) -> DailyReport:
    reg, sup = await _figures(registry, supplies, principal, day, community_id, request_id)
    by_community = {s.community_id: s for s in sup.communities}
    rows = [_row(r, by_community.get(r.community_id, NO_SUPPLIES)) for r in reg.communities]
    return DailyReport(
        date=reg.date, generated_at=datetime.now(UTC), communities=rows, totals=_totals(rows)
    )
