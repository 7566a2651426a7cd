"""The care list through the gateway: built from the registry, added to by hand, due check-ins
in a grid worker's buildings, check-ins once per client id, and escalation to a staff task."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from sqlalchemy import update

from registry.residents.assignments.models import GridAssignment
from registry.residents.households.models import Household
from registry.residents.people.models import Person
from tests.builders import CommunityTree, headers_for, make_community, make_user, sign_in
from tests.conftest import Stack
from tests.registry.health.quarantines.builders import grid_worker, member_ids

CARE = "/api/v1/care-list"


async def mark(stack: Stack, person_id: uuid.UUID, **flags: Any) -> None:
    async with stack.registry.state.sessionmaker() as session:
        await session.execute(update(Person).where(Person.id == person_id).values(**flags))
        await session.commit()


async def people(stack: Stack, tree: CommunityTree) -> list[uuid.UUID]:
    return [(await member_ids(stack, h))[0] for h in tree.household_ids]


async def build(client: httpx.AsyncClient, staff: dict[str, str], tree: CommunityTree) -> Any:
    built = await client.post(
        f"{CARE}/build", headers=staff, json={"community_id": str(tree.community_id)}
    )
    assert built.status_code == 200, built.text
    return built.json()


async def listed(client: httpx.AsyncClient, headers: dict[str, str], **params: Any) -> Any:
    answer = await client.get(CARE, headers=headers, params=params)
    assert answer.status_code == 200, answer.text
    return answer.json()


async def check_in(
    client: httpx.AsyncClient, headers: dict[str, str], entry_id: str, outcome: str, **more: Any
) -> httpx.Response:
    body = {"client_id": str(uuid.uuid4()), "way": "phone", "outcome": outcome, **more}
    return await client.post(f"{CARE}/{entry_id}/check-ins", headers=headers, json=body)


async def test_the_registry_builds_the_list_and_a_rebuild_adds_nobody_twice(
    client: httpx.AsyncClient, stack: Stack
) -> None:
    tree = await make_community(stack, households=5)
    staff = await headers_for(client, stack, "staff", [tree.community_id])
    old, ill, young_alone, pregnant, shut_in = await people(stack, tree)
    born = datetime.now(UTC).date()
    await mark(stack, old, lives_alone=True, birth_date=born.replace(year=born.year - 75))
    await mark(stack, ill, chronic_illness=True, disability=True)
    await mark(stack, young_alone, lives_alone=True, birth_date=born.replace(year=born.year - 30))
    await mark(stack, pregnant, pregnant=True, birth_date=born.replace(year=born.year - 28))
    await mark(stack, shut_in, lives_alone=True, birth_date=born.replace(year=born.year - 40))
    async with stack.registry.state.sessionmaker() as session:
        await session.execute(
            update(Household)
            .where(Household.id == tree.household_ids[4])
            .values(status="home_quarantine")
        )
        await session.commit()

    assert await build(client, staff, tree) == {"added": 4, "updated": 0, "listed": 4}
    assert await build(client, staff, tree) == {"added": 0, "updated": 0, "listed": 4}
    entries = {e["person_id"]: e for e in (await listed(client, staff))["items"]}
    assert entries[str(old)]["categories"] == ["elderly_alone"]
    assert entries[str(ill)]["categories"] == ["disability", "chronic_illness"]
    assert entries[str(pregnant)]["categories"] == ["pregnant"]
    assert entries[str(shut_in)]["categories"] == ["quarantined_alone"]
    assert str(young_alone) not in entries
    assert all(e["name"].endswith("*") for e in entries.values())  # masked
    assert all(e["due_on"] is not None and e["last_check_in_at"] is None for e in entries.values())

    by_hand = await client.post(
        CARE,
        headers=staff,
        json={"person_id": str(young_alone), "reason": "刚出院，子女在外地", "cadence_days": 2,
              "needs": ["medicine", "meals"]},
    )  # fmt: skip
    assert by_hand.status_code == 201, by_hand.text
    assert by_hand.json()["categories"] == ["other"]
    assert by_hand.json()["needs"] == ["medicine", "meals"]
    assert await build(client, staff, tree) == {"added": 0, "updated": 0, "listed": 5}


async def test_a_grid_worker_sees_and_checks_on_only_their_buildings(
    client: httpx.AsyncClient, stack: Stack
) -> None:
    tree = await make_community(stack, households=1)
    other_building = await make_community(stack, name="另一社区", households=1)
    staff = await headers_for(client, stack, "staff", [tree.community_id])
    (person,) = await people(stack, tree)
    await mark(stack, person, chronic_illness=True)
    await build(client, staff, tree)
    entry = (await listed(client, staff))["items"][0]

    mine = await grid_worker(client, stack, tree.community_id, [tree.building_id])
    elsewhere = await grid_worker(client, stack, tree.community_id, [other_building.building_id])
    due = await listed(client, mine, due="true")
    assert [e["id"] for e in due["items"]] == [entry["id"]]
    assert (await listed(client, elsewhere, due="true"))["items"] == []
    refused = await check_in(client, elsewhere, entry["id"], "fine")
    assert refused.status_code == 404

    done = await check_in(client, mine, entry["id"], "fine", note="身体还好")
    assert done.status_code == 201, done.text
    assert (await listed(client, mine, due="true"))["items"] == []  # daily: due again tomorrow
    after = (await client.get(f"{CARE}/{entry['id']}", headers=mine)).json()
    assert after["last_outcome"] == "fine"
    assert after["due_on"] > entry["due_on"]

    partner_like = await headers_for(client, stack, "gate_volunteer", [tree.community_id])
    assert (await client.get(CARE, headers=partner_like)).status_code == 403


async def test_a_check_in_sent_twice_is_one_record(client: httpx.AsyncClient, stack: Stack) -> None:
    tree = await make_community(stack, households=1)
    staff = await headers_for(client, stack, "staff", [tree.community_id])
    (person,) = await people(stack, tree)
    await mark(stack, person, pregnant=True)
    await build(client, staff, tree)
    entry_id = (await listed(client, staff))["items"][0]["id"]
    body = {"client_id": str(uuid.uuid4()), "way": "door", "outcome": "fine"}
    first = await client.post(f"{CARE}/{entry_id}/check-ins", headers=staff, json=body)
    again = await client.post(f"{CARE}/{entry_id}/check-ins", headers=staff, json=body)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    history = await client.get(f"{CARE}/{entry_id}/check-ins", headers=staff)
    assert history.json()["total"] == 1


async def test_needs_help_or_no_answer_twice_raises_one_task_until_fine(
    client: httpx.AsyncClient, stack: Stack
) -> None:
    tree = await make_community(stack, households=2)
    staff = await headers_for(client, stack, "staff", [tree.community_id])
    lonely, needy = await people(stack, tree)
    born = datetime.now(UTC).date()
    await mark(stack, lonely, lives_alone=True, birth_date=born.replace(year=born.year - 80))
    await mark(stack, needy, disability=True)
    await build(client, staff, tree)
    entries = {e["person_id"]: e["id"] for e in (await listed(client, staff))["items"]}

    first = await check_in(client, staff, entries[str(lonely)], "no_answer")
    assert first.json()["escalated"] is False
    second = await check_in(client, staff, entries[str(lonely)], "no_answer")
    assert second.json()["escalated"] is True
    third = await check_in(client, staff, entries[str(lonely)], "no_answer")
    assert third.json()["escalated"] is False  # one task, not one per call
    helped = await check_in(client, staff, entries[str(needy)], "needs_help", note="缺降压药")
    assert helped.json()["escalated"] is True

    tasks = (await client.get("/api/v1/tasks", headers=staff)).json()["items"]
    assert sorted(t["title"][:8] for t in tasks) == ["关爱对象连续两次", "关爱对象需要帮助"]
    assert all(t["kind"] == "care" for t in tasks)
    assert any("缺降压药" in t["note"] for t in tasks)
    escalated = await listed(client, staff, escalated="true")
    assert escalated["total"] == 2
    board = await client.get("/api/v1/dashboard", headers=staff)
    work = {f["key"]: f for f in board.json()["open_work"]}
    assert work["care_escalated"]["value"] == 2  # the red line
    assert work["care_due"]["value"] == 0  # both were called today
    linked = await client.get(work["care_escalated"]["link"], headers=staff)
    assert linked.json()["total"] == 2
    report = await client.get("/api/v1/reports/daily", headers=staff)
    assert report.status_code == 200, report.text
    figures = report.json()["communities"][0]
    assert (figures["care_due"], figures["care_checked"], figures["care_escalated"]) == (2, 4, 2)

    await check_in(client, staff, entries[str(needy)], "fine")
    assert (await listed(client, staff, escalated="true"))["total"] == 1


async def test_bad_input_is_refused_and_changes_nothing(
    client: httpx.AsyncClient, stack: Stack
) -> None:
    tree = await make_community(stack, households=1)
    staff = await headers_for(client, stack, "staff", [tree.community_id])
    (person,) = await people(stack, tree)
    no_reason = await client.post(CARE, headers=staff, json={"person_id": str(person)})
    assert no_reason.status_code == 422
    stranger = await client.post(
        CARE, headers=staff, json={"person_id": str(uuid.uuid4()), "reason": "独居"}
    )
    assert stranger.status_code == 404
    assert stranger.headers["content-type"].startswith("application/problem+json")
    added = await client.post(
        CARE, headers=staff, json={"person_id": str(person), "reason": "独居"}
    )
    entry_id = added.json()["id"]
    future = (datetime.now(UTC) + timedelta(hours=2)).isoformat()
    assert (await check_in(client, staff, entry_id, "fine", checked_at=future)).status_code == 422
    assert (await check_in(client, staff, entry_id, "maybe")).status_code == 422
    stranger_worker = await client.patch(
        f"{CARE}/{entry_id}", headers=staff, json={"responsible_worker_id": str(uuid.uuid4())}
    )
    assert stranger_worker.status_code == 404
    off = await client.patch(f"{CARE}/{entry_id}", headers=staff, json={"active": False})
    assert off.json()["active"] is False
    assert (await check_in(client, staff, entry_id, "fine")).status_code == 409
    history = await client.get(f"{CARE}/{entry_id}/check-ins", headers=staff)
    assert history.json()["total"] == 0


async def test_mine_lists_what_the_caller_is_responsible_for(
    client: httpx.AsyncClient, stack: Stack
) -> None:
    tree = await make_community(stack, households=2)
    staff = await headers_for(client, stack, "staff", [tree.community_id])
    first, second = await people(stack, tree)
    await mark(stack, first, chronic_illness=True)
    await mark(stack, second, chronic_illness=True)
    await build(client, staff, tree)
    user = await make_user(stack, f"grid{uuid.uuid4().hex[:6]}", "grid_worker", [tree.community_id])
    worker = await client.post(
        "/api/v1/workers",
        headers=staff,
        json={"community_id": str(tree.community_id), "name": "王网格", "kind": "grid_worker",
              "category": "social_worker", "account_username": user.username},
    )  # fmt: skip
    assert worker.status_code == 201, worker.text
    entry_id = next(
        e["id"] for e in (await listed(client, staff))["items"] if e["person_id"] == str(first)
    )
    assigned = await client.patch(
        f"{CARE}/{entry_id}", headers=staff, json={"responsible_worker_id": worker.json()["id"]}
    )
    assert assigned.status_code == 200, assigned.text
    async with stack.registry.state.sessionmaker() as session:
        session.add(
            GridAssignment(
                community_id=tree.community_id,
                subject=f"user:{user.id}",
                building_id=tree.building_id,
            )
        )
        await session.commit()
    headers = {"Authorization": f"Bearer {await sign_in(client, user.username)}"}
    assert (await listed(client, headers))["total"] == 2
    mine = await listed(client, headers, mine="true", due="true")
    assert [e["id"] for e in mine["items"]] == [entry_id]
