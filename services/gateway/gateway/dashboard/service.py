"""The staff dashboard, composed from the registry's and the supplies' dashboard figures fetched
in parallel, and kept as a per-community snapshot for a few seconds (`snapshots.py`). Without the
supplies service the dashboard still answers, its figures null; without the registry (the
community, the open work) it is the registry's problem."""

from __future__ import annotations

import asyncio
import uuid
from datetime import datetime, time
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from gateway.clients.base import UpstreamProblem
from gateway.clients.figures import RegistryDashboardRef, SuppliesDashboardRef
from gateway.clients.registry import RegistryClient
from gateway.clients.supplies import SuppliesClient
from gateway.dashboard.schemas import (
    Dashboard,
    DashboardChartHour,
    DashboardFigure,
    DeliveryRoundToday,
)
from gateway.dashboard.snapshots import Snapshots
from gateway.reports.errors import CommunityNotFound
from shouhu_common.identity import Principal, Role
from shouhu_common.problems import UpstreamTimeout, UpstreamUnavailable


def _link(path: str, **params: object) -> str:
    query = urlencode({k: str(v) for k, v in params.items() if v is not None})
    return f"/api/v1/{path}?{query}" if query else f"/api/v1/{path}"


def _figure(key: str, label: str, label_en: str, value: int | None, link: str | None) -> Any:
    return DashboardFigure(key=key, label=label, label_en=label_en, value=value, link=link)


def _today(reg: RegistryDashboardRef, sup: SuppliesDashboardRef | None) -> list[DashboardFigure]:
    c, t = reg.community_id, reg.today
    zone = ZoneInfo(reg.time_zone)
    since = datetime.combine(reg.date, time(0), zone)
    gate = {"community_id": c, "since": since.isoformat(), "until": reg.now.isoformat()}
    s = sup.today if sup else None
    return [
        _figure("households_screened", "今日排查户数", "Households screened",
                t.households_screened, _link("screenings", community_id=c)),
        _figure("high_risk_households", "其中高风险户", "High-risk households",
                t.high_risk_households, _link("screenings", community_id=c, risk_level="high")),
        _figure("returnees_registered", "新增返回人员", "Returnees registered",
                t.returnees_registered, _link("returnees", community_id=c)),
        _figure("people_home_quarantine", "居家隔离人数", "People in home quarantine",
                t.people_home_quarantine,
                _link("quarantines", community_id=c, status="active", kind="home")),
        _figure("people_centralized_quarantine", "集中隔离人数", "People in centralized quarantine",
                t.people_centralized_quarantine,
                _link("quarantines", community_id=c, status="active", kind="centralized")),
        _figure("quarantines_started", "新增隔离", "Quarantines started", t.quarantines_started,
                _link("quarantines", community_id=c, status="active")),
        _figure("quarantines_released", "解除隔离", "Quarantines released",
                t.quarantines_released, _link("quarantines", community_id=c, status="released")),
        _figure("referrals_opened", "新增发热转诊", "Fever referrals opened", t.referrals_opened,
                _link("referrals", community_id=c, status="open")),
        _figure("follow_ups_done", "已完成随访", "Follow-ups done",
                sum(h.follow_ups_done for h in reg.hours),
                _link("follow-ups", community_id=c, local_date=reg.date)),
        _figure("gate_passages_out", "出门人次", "Gate exits", t.gate.passages_out,
                _link("gate/logs", verdict="allow", **gate)),
        _figure("gate_passages_in", "进门人次", "Gate entries", t.gate.passages_in,
                _link("gate/logs", verdict="allow", **gate)),
        _figure("gate_denied", "劝返人数", "People turned back at the gate", t.gate.denied_people,
                _link("gate/logs", verdict="deny", **gate)),
        _figure("gate_fevers", "卡口体温异常", "Fevers at the gate", t.gate.fevers,
                _link("gate/logs", fever="true", **gate)),
        _figure("visitors_registered", "卡口来访登记", "Visitors registered",
                t.visitors_registered, _link("gate/visitors", community_id=c)),
        _figure("tasks_done", "完成任务", "Tasks done", t.tasks_done,
                _link("tasks", community_id=c, status="done")),
        _figure("care_checked", "关爱回访", "Care check-ins made", t.care_checked,
                _link("care-list", community_id=c)),
        _figure("orders_delivered", "送达订单", "Orders delivered",
                s.orders_delivered if s else None, _link("orders")),
        _figure("orders_delivered_door", "其中送到家门口", "Delivered to the door",
                s.orders_delivered_door if s else None, _link("orders", status="delivered_door")),
        _figure("households_reached", "物资发放户数", "Households given supplies",
                s.households_reached if s else None, _link("distributions", community_id=c)),
    ]  # fmt: skip


def _open_work(reg: RegistryDashboardRef, sup: SuppliesDashboardRef | None) -> list[Any]:
    c, w = reg.community_id, reg.open_work
    return [
        _figure("unscreened_households", "本轮未排查户数", "Households not screened this round",
                w.unscreened_households, _link("screenings/work-list", community_id=c)),
        _figure("follow_ups_due", "本时段待随访", "Follow-ups due this period", w.follow_ups_due,
                _link("follow-ups/due", community_id=c, local_date=reg.date,
                      period=w.follow_up_period)),
        _figure("follow_ups_missed", "上一时段漏随访", "Follow-ups missed last period",
                w.follow_ups_missed,
                _link("follow-ups/due", community_id=c, local_date=w.missed_period_date,
                      period=w.missed_period)),
        _figure("open_referrals", "转诊未结", "Open fever referrals", w.open_referrals,
                _link("referrals", community_id=c, status="open")),
        _figure("uncovered_shifts", "缺岗班次", "Understaffed shifts (next 24 h)",
                w.uncovered_shifts, _link("shifts/coverage", community_id=c)),
        _figure("overdue_disinfections", "逾期未消毒", "Overdue disinfection",
                w.overdue_disinfections, _link("disinfections/overdue", community_id=c)),
        _figure("care_escalated", "关爱对象需帮助或失联", "Care list: needs help or unreachable",
                w.care_escalated, _link("care-list", community_id=c, escalated="true")),
        _figure("custody_flagged", "医保卡待转交（保管人隔离或离岗）",
                "Insurance cards to reassign (holder in quarantine or off duty)",
                w.custody_flagged, _link("medicine/custody/flagged", community_id=c)),
        _figure("bulk_changes_pending", "批量变更待复核", "Bulk status changes awaiting approval",
                w.bulk_changes_pending, _link("bulk-approvals", community_id=c, status="pending")),
        _figure("appeals_open", "居民申诉待答复", "Appeals awaiting an answer", w.appeals_open,
                _link("appeals", community_id=c, status="open")),
        _figure("care_due", "今日待关爱回访", "Care check-ins due today", w.care_due,
                _link("care-list", community_id=c, due="true")),
        _figure("testing_missing", "今日核酸未采样", "Not yet sampled in today's testing round",
                w.testing_missing,
                _link(f"testing-rounds/{w.testing_round_id}/missing")
                if w.testing_round_id else None),
        _figure("orders_undelivered", "今日批次未送达", "Orders of today's rounds undelivered",
                sup.today.orders_undelivered if sup else None,
                _link("delivery-rounds", community_id=c, from_date=reg.date, to_date=reg.date)),
    ]  # fmt: skip


def _hours(reg: RegistryDashboardRef, sup: SuppliesDashboardRef | None) -> list[Any]:
    delivered = {h.hour: h.orders_delivered for h in sup.hours} if sup else {}
    return [
        DashboardChartHour(
            hour=h.hour,
            gate_passages_out=h.passages_out,
            gate_passages_in=h.passages_in,
            gate_denied=h.denied,
            follow_ups_done=h.follow_ups_done,
            orders_delivered=delivered.get(h.hour, 0) if sup else None,
        )
        for h in reg.hours
    ]


async def _supplies(
    supplies: SuppliesClient, community_id: uuid.UUID | None, principal: Principal, rid: str
) -> SuppliesDashboardRef | None:
    """None when supplies cannot answer: the rest of the dashboard is still worth showing."""
    if community_id is None:
        return None
    try:
        return await supplies.dashboard_figures(community_id, principal, rid)
    except (UpstreamUnavailable, UpstreamTimeout):
        return None
    except UpstreamProblem as exc:
        if exc.response.status_code >= 500:
            return None
        raise


async def _compose(
    registry: RegistryClient,
    supplies: SuppliesClient,
    principal: Principal,
    community_id: uuid.UUID | None,
    request_id: str = "",
) -> Dashboard:
    guess = community_id
    if guess is None and len(principal.community_ids) == 1:
        guess = principal.community_ids[0]
    answers = await asyncio.gather(
        registry.dashboard_figures(community_id, principal, request_id),
        _supplies(supplies, guess, principal, request_id),
        return_exceptions=True,
    )
    for answer in answers:
        if isinstance(answer, BaseException):
            raise answer
    reg, sup = answers
    assert isinstance(reg, RegistryDashboardRef)
    assert sup is None or isinstance(sup, SuppliesDashboardRef)
    rounds = sup.rounds if sup else []
    return Dashboard(
        community_id=reg.community_id,
        community_name=reg.community_name,
        date=reg.date,
        now=reg.now,
        time_zone=reg.time_zone,
        today=_today(reg, sup),
        open_work=_open_work(reg, sup),
        delivery_rounds=[
            DeliveryRoundToday(
                round_id=r.round_id,
                local_time=r.local_time,
                delivers_at=r.delivers_at,
                orders=r.orders,
                undelivered=r.undelivered,
                link=_link("orders", round_id=r.round_id),
            )
            for r in rounds
        ],
        hours=_hours(reg, sup),
        unavailable=[] if sup is not None else ["supplies"],
    )


async def dashboard(
    registry: RegistryClient,
    supplies: SuppliesClient,
    snapshots: Snapshots[bytes],
    principal: Principal,
    community_id: uuid.UUID | None,
    request_id: str = "",
) -> bytes:
    """The caller's community (the one named, or their only one) from its snapshot. Another's
    community is 404 before any snapshot is read; a community the caller does not make clear is
    the registry's problem to explain. The answer is the dashboard's JSON."""
    community = community_id
    if community is None and principal.role != Role.admin and len(principal.community_ids) == 1:
        community = principal.community_ids[0]
    if community is None:
        return _json(await _compose(registry, supplies, principal, None, request_id))
    if not principal.in_community(community):
        raise CommunityNotFound()

    async def compose() -> bytes:
        return _json(await _compose(registry, supplies, principal, community, request_id))

    return await snapshots.get(community, compose)


def _json(dashboard: Dashboard) -> bytes:
    return dashboard.model_dump_json().encode()
