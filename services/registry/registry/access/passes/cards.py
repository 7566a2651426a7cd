"""Passes for a whole building at once: issuing them and printing their cards."""

from __future__ import annotations

import asyncio
import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from registry.access.gate_rules import repository as rule_repository
from registry.access.gate_rules.rules import RuleSnapshot
from registry.access.gates.state import GateStates
from registry.access.passes import repository
from registry.access.passes.errors import BuildingNotFound
from registry.access.passes.models import PassStatus
from registry.access.passes.printing import Card, render_cards
from registry.access.passes.repository import PassFilter
from registry.access.passes.schemas import BuildingPassesIssued, BuildingPassIssue, PrintLayout
from registry.access.passes.service import check_validity, effective_status, get_pass, new_pass
from registry.access.passes.signing import PassSigner
from registry.access.passes.versions import bump_state_version
from registry.residents.communities.models import Building, Community
from registry.residents.people.models import Person
from shouhu_common.identity import Principal
from shouhu_common.pii import mask_name

MAX_CARDS = 2000


async def _building(
    session: AsyncSession, principal: Principal, building_id: uuid.UUID
) -> Building:
    building = await session.get(Building, building_id)
    if building is None or not principal.in_community(building.community_id):
        raise BuildingNotFound()
    return building


async def issue_building_passes(
    session: AsyncSession,
    signer: PassSigner,
    states: GateStates,
    principal: Principal,
    body: BuildingPassIssue,
    now: datetime,
) -> BuildingPassesIssued:
    """A household pass for every household of the building that has none (idempotent)."""
    building = await _building(session, principal, body.building_id)
    start = check_validity(body.valid_from, body.valid_until, now)
    households = await repository.households_of_building(session, building.id)
    holding = await repository.households_with_pass(session, [h.id for h in households])
    version = await bump_state_version(session, building.community_id)
    issued = []
    for household in households:
        if household.id not in holding:
            p = await new_pass(session, signer, household, None, start, body.valid_until, version)
            issued.append(p.id)
    await session.commit()
    await states.refresh_community(building.community_id)
    return BuildingPassesIssued(
        issued=[await get_pass(session, principal, pass_id, now) for pass_id in issued],
        skipped_household_ids=sorted(holding, key=str),
    )


async def print_building_cards(
    session: AsyncSession,
    principal: Principal,
    building_id: uuid.UUID,
    layout: PrintLayout,
    now: datetime,
) -> bytes:
    """Cards of the building's passes that a gate would honour (not revoked, not expired)."""
    building = await _building(session, principal, building_id)
    community = await session.get(Community, building.community_id)
    assert community is not None
    rule = RuleSnapshot.of(await rule_repository.get_rule(session, community.id))
    flt = PassFilter(community_ids=[community.id], building_id=building.id)
    _, rows = await repository.list_pass_rows(session, flt, MAX_CARDS, 0)
    cards = []
    for row in rows:
        p = row.access_pass
        if p.status == PassStatus.revoked or effective_status(p, "normal", now) == "expired":
            continue
        holder = ""
        if p.person_id is not None:
            person = await session.get(Person, p.person_id)
            holder = mask_name(person.name) if person else ""
        cards.append(
            Card(community.name, row.address, p.number, p.token, p.valid_until, holder, rule.text())
        )
    # hundreds of pages take seconds of CPU: off the event loop, so gates keep their answers
    return await asyncio.to_thread(render_cards, cards, layout, ZoneInfo(community.timezone))
