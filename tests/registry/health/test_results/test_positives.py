"""A positive pool: its people on the re-test list (not a duplicate swab), their buildings on the
watch, the positives listing with households; the quarantine decision and who may read."""

from __future__ import annotations

import uuid

import httpx
import pytest
from sqlalchemy import select

from registry.config import RegistrySettings
from registry.events import OUTBOX, SOURCE
from registry.residents.audit.models import AuditEvent
from shouhu_common.events import build_relay
from tests.builders import headers_for, make_community
from tests.conftest import Stack
from tests.registry.access.gates.builders import make_gate_world, scan
from tests.registry.health.quarantines.builders import add_member
from tests.registry.health.quarantines.test_events import supplies_inbox
from tests.registry.health.test_results.rounds import (
    RoundWorld,
    csv_sheet,
    import_sheet,
    make_round,
    ok,
    people_of,
    swab,
)


async def _positive_pool(
    client: httpx.AsyncClient, stack: Stack, world: RoundWorld, staff: dict[str, str]
) -> list[uuid.UUID]:
    """Households 0 and 1 in tube P1 (positive), household 2 in N1 (negative); household 1's
    person also swabbed again by mistake into P1 (a duplicate)."""
    tree = world.tree
    first = (await people_of(stack, tree.household_ids[0]))[0]
    second = (await people_of(stack, tree.household_ids[1]))[0]
    third = (await people_of(stack, tree.household_ids[2]))[0]
    await swab(stack, world, "P1", [first, second])
    await swab(stack, world, "N1", [third])
    await swab(stack, world, "P2", [second], duplicate=(second,))
    sheet = csv_sheet([("P1", "阳性"), ("N1", "阴性"), ("P2", "阳性")])
    report = await ok(await import_sheet(client, staff, world, sheet))
    assert report["set_off"]["retests_added"] == 2
    return [first, second, third]


async def test_a_positive_pool_lists_people_households_and_buildings(
    client: httpx.AsyncClient, stack: Stack
) -> None:
    world = await make_round(stack, await make_community(stack, households=3))
    staff = await headers_for(client, stack, "staff", [world.community_id])
    first, second, _ = await _positive_pool(client, stack, world, staff)
    base = f"/api/v1/testing-rounds/{world.round_id}"

    positives = await ok(await client.get(f"{base}/positives", headers=staff))
    assert [(p["barcode"], p["result"]) for p in positives] == [
        ("P1", "positive"),
        ("P2", "positive"),
    ]
    assert [(x["person_id"], x["name"]) for x in positives[0]["people"]] == [
        (str(first), "张*"),
        (str(second), "张*"),
    ]
    assert [h["household_id"] for h in positives[0]["households"]] == [
        str(h) for h in world.tree.household_ids[:2]
    ]
    assert positives[0]["households"][0]["decision"] is None
    assert positives[1]["people"] == []  # only a duplicate swab: nobody counted

    retests = await ok(await client.get(f"{base}/retests", headers=staff))
    assert sorted(r["person_id"] for r in retests) == sorted([str(first), str(second)])
    assert {r["source_barcode"] for r in retests} == {"P1"}
    assert not any(r["retested"] for r in retests)
    await swab(stack, world, "R1", [first], retest=True)
    retests = await ok(await client.get(f"{base}/retests", headers=staff))
    done = {r["person_id"]: r["retest_barcode"] for r in retests}
    assert done == {str(first): "R1", str(second): None}

    watched = await ok(await client.get(f"{base}/watched-buildings", headers=staff))
    assert [(w["building_id"], w["first_barcode"], w["retests"]) for w in watched] == [
        (str(world.tree.building_id), "P1", 2)
    ]


async def test_full_names_need_a_reason_and_are_audited(
    client: httpx.AsyncClient, stack: Stack
) -> None:
    world = await make_round(stack, await make_community(stack, households=3))
    staff = await headers_for(client, stack, "staff", [world.community_id])
    await _positive_pool(client, stack, world, staff)
    base = f"/api/v1/testing-rounds/{world.round_id}"
    refused = await client.get(f"{base}/retests", headers=staff, params={"reveal": "true"})
    assert refused.status_code == 422
    shown = await ok(
        await client.get(
            f"{base}/retests", headers=staff, params={"reveal": "true", "reason": "流调核对"}
        )
    )
    assert sorted(r["name"] for r in shown) == ["张0", "张1"]
    async with stack.registry.state.sessionmaker() as session:
        audit = (
            await session.scalars(
                select(AuditEvent).where(AuditEvent.action == "read_test_results_full")
            )
        ).all()
    assert [(a.target_id, a.reason) for a in audit] == [(str(world.round_id), "流调核对")]


@pytest.mark.parametrize("role", ["grid_worker", "gate_volunteer", "officer"])
async def test_roles_that_may_not_read_results(
    client: httpx.AsyncClient, stack: Stack, role: str
) -> None:
    world = await make_round(stack, await make_community(stack, households=1))
    headers = await headers_for(client, stack, role, [world.community_id])
    base = f"/api/v1/testing-rounds/{world.round_id}"
    for path in ("positives", "retests", "watched-buildings"):
        assert (await client.get(f"{base}/{path}", headers=headers)).status_code == 403
    upload = await import_sheet(client, headers, world, csv_sheet([("T1", "阴性")]))
    assert upload.status_code == 403


async def test_quarantine_decision_suspends_the_pass_and_reaches_supplies(
    client: httpx.AsyncClient, stack: Stack
) -> None:
    gates = await make_gate_world(client, stack, households=3)
    world = await make_round(stack, gates.tree)
    staff = gates.staff
    await add_member(stack, gates.tree.household_ids[0], "李四")
    await _positive_pool(client, stack, world, staff)
    household = gates.tree.household_ids[0]
    path = f"/api/v1/testing-rounds/{world.round_id}/retests/households/{household}/decision"

    no_reason = await client.post(
        path, headers=staff, json={"decision": "quarantine", "reason": ""}
    )
    assert no_reason.status_code == 422
    not_listed = await client.post(
        f"/api/v1/testing-rounds/{world.round_id}/retests/households/"
        f"{gates.tree.household_ids[2]}/decision",
        headers=staff,
        json={"decision": "quarantine", "reason_code": "positive_result", "reason": "密接"},
    )
    assert not_listed.status_code == 404

    no_code = {"decision": "quarantine", "reason": "混管阳性，等待复核"}
    assert (await client.post(path, headers=staff, json=no_code)).status_code == 422
    body = {**no_code, "reason_code": "positive_result"}
    decided = await ok(await client.post(path, headers=staff, json=body))
    assert decided["decision"] == "quarantined"
    again = await ok(await client.post(path, headers=staff, json=body))  # a retry
    assert again["quarantine_id"] == decided["quarantine_id"]

    quarantines = await ok(
        await client.get(
            "/api/v1/quarantines",
            headers=staff,
            params={"community_id": str(world.community_id)},
        )
    )
    assert [(q["id"], q["household_id"], q["status"], q["kind"]) for q in quarantines["items"]] == [
        (decided["quarantine_id"], str(household), "active", "home")
    ]
    verdict = await scan(client, gates, gates.passes[0]["token"])
    assert (verdict["verdict"], verdict["reason"]) == ("deny", "quarantined")
    card = await ok(await client.get(f"/api/v1/passes/{gates.passes[0]['id']}", headers=staff))
    assert card["effective_status"] == "suspended"

    retests = await ok(
        await client.get(f"/api/v1/testing-rounds/{world.round_id}/retests", headers=staff)
    )
    assert {r["household_id"]: r["decision"] for r in retests} == {
        str(household): "quarantined",
        str(gates.tree.household_ids[1]): None,
    }
    other = gates.tree.household_ids[1]
    spared = await ok(
        await client.post(
            f"/api/v1/testing-rounds/{world.round_id}/retests/households/{other}/decision",
            headers=staff,
            json={"decision": "no_quarantine", "reason": "单管复核阴性"},
        )
    )
    assert (spared["decision"], spared["quarantine_id"]) == ("not_quarantined", None)

    relay = build_relay(
        RegistrySettings(env="test", event_subscribers="supplies=http://supplies.internal"),
        engine=stack.registry.state.engine,
        tables=OUTBOX,
        source=SOURCE,
        http_transport=httpx.ASGITransport(app=stack.supplies),
    )
    assert relay is not None
    try:
        assert await relay.deliver_pending() == 1
    finally:
        await relay.stop()
    assert [e.split(":")[0] for e in await supplies_inbox(stack)] == ["household.quarantined"]
