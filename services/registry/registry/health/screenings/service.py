"""Screening 排查: staff start a round per community; grid workers work through the households
of their buildings not yet screened this round, one form each; the community's rule gives each
reached household a risk level."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from registry.health.screenings import repository
from registry.health.screenings.errors import (
    NoScreeningRound,
    ScreeningClientIdReused,
    ScreeningHouseholdNotFound,
)
from registry.health.screenings.models import (
    RiskLevel,
    Screening,
    ScreeningOutcome,
    ScreeningRound,
    ScreeningRule,
)
from registry.health.screenings.repository import ScreeningFilter
from registry.health.screenings.schemas import (
    ScreeningCreate,
    ScreeningRead,
    ScreeningRoundCreate,
    ScreeningRoundRead,
    ScreeningRuleRead,
    ScreeningRuleUpdate,
    WorkListHousehold,
)
from registry.residents.assignments.scope import Scope, scope_of
from registry.residents.communities import repository as communities
from registry.residents.communities.errors import CommunityNotFound
from registry.residents.communities.service import community_for
from shouhu_common.identity import Principal
from shouhu_common.pagination import Page, PageParams

_ORDER = {RiskLevel.low: 0, RiskLevel.medium: 1, RiskLevel.high: 2}


@dataclass(frozen=True, slots=True)
class Recorded:
    screening: ScreeningRead
    created: bool  # False: a retry with the same client_id


def risk_of(rule: ScreeningRuleRead, form: Screening | ScreeningCreate) -> RiskLevel | None:
    """The highest level among the answers that are "yes"; low when all are "no"."""
    if form.outcome != ScreeningOutcome.reached:
        return None
    levels = [RiskLevel.low]
    if form.symptoms:
        levels.append(rule.symptoms_level)
    if form.case_contact:
        levels.append(rule.case_contact_level)
    if form.outbreak_travel:
        levels.append(rule.outbreak_travel_level)
    return max(levels, key=_ORDER.__getitem__)


async def _community(
    session: AsyncSession, principal: Principal, community_id: uuid.UUID | None
) -> uuid.UUID:
    community_id = community_for(principal, community_id)
    if await communities.get_community(session, community_id) is None:
        raise CommunityNotFound()
    return community_id


async def rule_of(session: AsyncSession, community_id: uuid.UUID) -> ScreeningRuleRead:
    rule = await repository.get_rule(session, community_id)
    if rule is None:
        return ScreeningRuleRead(
            community_id=community_id,
            symptoms_level=RiskLevel.high,
            case_contact_level=RiskLevel.high,
            outbreak_travel_level=RiskLevel.medium,
        )
    return ScreeningRuleRead(
        community_id=community_id,
        symptoms_level=rule.symptoms_level,
        case_contact_level=rule.case_contact_level,
        outbreak_travel_level=rule.outbreak_travel_level,
    )


async def get_rule(
    session: AsyncSession, principal: Principal, community_id: uuid.UUID
) -> ScreeningRuleRead:
    return await rule_of(session, await _community(session, principal, community_id))


async def set_rule(
    session: AsyncSession,
    principal: Principal,
    community_id: uuid.UUID,
    change: ScreeningRuleUpdate,
) -> ScreeningRuleRead:
    """Applies to forms recorded from now on; earlier forms keep their level."""
    community_id = await _community(session, principal, community_id)
    rule = await repository.get_rule(session, community_id)
    if rule is None:
        rule = ScreeningRule(community_id=community_id)
        session.add(rule)
    rule.symptoms_level = change.symptoms_level
    rule.case_contact_level = change.case_contact_level
    rule.outbreak_travel_level = change.outbreak_travel_level
    rule.updated_by = principal.subject
    await session.commit()
    return await rule_of(session, community_id)


async def start_round(
    session: AsyncSession, principal: Principal, body: ScreeningRoundCreate
) -> ScreeningRoundRead:
    """A new round puts every household of the community back on the work list."""
    community_id = await _community(session, principal, body.community_id)
    current = await repository.current_round(session, community_id)
    round_ = ScreeningRound(
        community_id=community_id,
        number=(current.number if current else 0) + 1,
        started_by=principal.subject,
    )
    session.add(round_)
    try:
        await session.commit()
    except IntegrityError:  # two rounds started at once: the other one is the new round
        await session.rollback()
        latest = await repository.current_round(session, community_id)
        if latest is None:
            raise
        return ScreeningRoundRead.model_validate(latest)
    return ScreeningRoundRead.model_validate(round_)


async def list_rounds(
    session: AsyncSession, principal: Principal, community_id: uuid.UUID | None, page: PageParams
) -> Page[ScreeningRoundRead]:
    community_id = await _community(session, principal, community_id)
    total, rows = await repository.list_rounds(session, community_id, page.limit, page.offset)
    items = [ScreeningRoundRead.model_validate(r) for r in rows]
    return Page(items=items, total=total, limit=page.limit, offset=page.offset)


async def _current_round(session: AsyncSession, community_id: uuid.UUID) -> ScreeningRound:
    round_ = await repository.current_round(session, community_id)
    if round_ is None:
        raise NoScreeningRound("社区工作人员需先开始一轮排查")
    return round_


async def work_list(
    session: AsyncSession, principal: Principal, community_id: uuid.UUID | None, page: PageParams
) -> Page[WorkListHousehold]:
    community_id = await _community(session, principal, community_id)
    scope = await scope_of(session, principal)
    round_ = await _current_round(session, community_id)
    total, rows = await repository.work_list(
        session, round_, scope.building_ids, page.limit, page.offset, scope.floors
    )
    items = [
        WorkListHousehold(
            household_id=r.household_id,
            building_id=r.building_id,
            address=r.address,
            last_outcome=ScreeningOutcome.not_reached if r.tried else None,
        )
        for r in rows
    ]
    return Page(items=items, total=total, limit=page.limit, offset=page.offset)


def _read(screening: Screening, address: str) -> ScreeningRead:
    return ScreeningRead(
        id=screening.id,
        client_id=screening.client_id,
        community_id=screening.community_id,
        round_id=screening.round_id,
        household_id=screening.household_id,
        address=address,
        method=screening.method,
        outcome=screening.outcome,
        outbreak_travel=screening.outbreak_travel,
        case_contact=screening.case_contact,
        symptoms=screening.symptoms,
        risk_level=screening.risk_level,
        note=screening.note,
        screened_by=screening.screened_by,
        screened_at=screening.screened_at,
    )


async def _read_by_id(session: AsyncSession, screening_id: uuid.UUID) -> ScreeningRead:
    found = await repository.screening_with_address(session, screening_id)
    assert found is not None
    return _read(*found)


async def _earlier(session: AsyncSession, scope: Scope, form: ScreeningCreate) -> Recorded | None:
    earlier = await repository.get_by_client_id(session, form.client_id)
    if earlier is None:
        return None
    if earlier.household_id != form.household_id:
        raise ScreeningClientIdReused(f"client_id {form.client_id} belongs to another form")
    household = await repository.get_household(session, earlier.household_id)
    if household is None or not scope.admits(
        household.community_id, household.building_id, household.floor
    ):
        raise ScreeningHouseholdNotFound()
    return Recorded(await _read_by_id(session, earlier.id), created=False)


async def record_screening(
    session: AsyncSession, principal: Principal, form: ScreeningCreate
) -> Recorded:
    """Recorded in the community's current round; a grid worker only in their buildings."""
    scope = await scope_of(session, principal)
    earlier = await _earlier(session, scope, form)
    if earlier is not None:
        return earlier
    household = await repository.get_household(session, form.household_id)
    if household is None or not scope.admits(
        household.community_id, household.building_id, household.floor
    ):
        raise ScreeningHouseholdNotFound("no such household in your buildings")
    round_ = await _current_round(session, household.community_id)
    rule = await rule_of(session, household.community_id)
    screening = Screening(
        client_id=form.client_id,
        community_id=household.community_id,
        round_id=round_.id,
        household_id=household.id,
        method=form.method,
        outcome=form.outcome,
        outbreak_travel=form.outbreak_travel,
        case_contact=form.case_contact,
        symptoms=form.symptoms,
        risk_level=risk_of(rule, form),
        note=form.note,
        screened_by=principal.subject,
    )
    session.add(screening)
    try:
        await session.commit()
    except IntegrityError:  # the same client_id arrived twice at once
        await session.rollback()
        first = await repository.get_by_client_id(session, form.client_id)
        if first is None:
            raise
        return Recorded(await _read_by_id(session, first.id), created=False)
    return Recorded(await _read_by_id(session, screening.id), created=True)


async def list_screenings(
    session: AsyncSession, principal: Principal, flt: ScreeningFilter, page: PageParams
) -> Page[ScreeningRead]:
    scope = (await scope_of(session, principal)).narrowed_to(
        flt.community_ids[0] if flt.community_ids else None
    )
    flt = ScreeningFilter(
        community_ids=scope.community_ids,
        building_ids=scope.building_ids,
        floors=scope.floors,
        round_id=flt.round_id,
        household_id=flt.household_id,
        risk_level=flt.risk_level,
        outcome=flt.outcome,
    )
    total, rows = await repository.list_screenings(session, flt, page.limit, page.offset)
    items = [_read(s, address) for s, address in rows]
    return Page(items=items, total=total, limit=page.limit, offset=page.offset)
