"""Registration batches through the gateway: exactly once, the rejections, duplicates, tubes
filled by two phones at once, visitors and re-tests, hostile bodies."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime

import httpx
from sqlalchemy import func, select

from registry.health.sampling.models import SampleRegistration, SampleTube
from tests.builders import headers_for, make_community
from tests.conftest import Stack
from tests.registry.health.sampling.rounds import (
    make_round,
    people_of,
    put_on_retest_list,
    retest_registration,
    swab,
    upload,
)


async def _stored(stack: Stack) -> tuple[int, dict[str, tuple[int, int]]]:
    async with stack.registry.state.sessionmaker() as session:
        count = (await session.execute(select(func.count(SampleRegistration.id)))).scalar_one()
        tubes = (await session.execute(select(SampleTube))).scalars().all()
        return count, {t.barcode: (t.filled, t.capacity) for t in tubes}


async def test_a_batch_sent_twice_is_stored_once(client: httpx.AsyncClient, stack: Stack) -> None:
    tree = await make_community(stack, households=4)
    rnd = await make_round(stack, tree.community_id, pool_size=10)
    staff = await headers_for(client, stack, "staff", [tree.community_id])
    items = [swab(p.id, "T0001", rnd.point_id) for p in await people_of(stack, tree.community_id)]

    first = await upload(client, staff, rnd, items)
    second = await upload(client, staff, rnd, items)

    ids = [i["client_id"] for i in items]
    assert first == {"accepted": ids, "duplicates": [], "rejected": [], "flagged": []}
    assert second == {"accepted": [], "duplicates": ids, "rejected": [], "flagged": []}
    assert await _stored(stack) == (4, {"T0001": (4, 10)})


async def test_each_rejection_says_why(client: httpx.AsyncClient, stack: Stack) -> None:
    tree = await make_community(stack, households=4)
    other = await make_community(stack, "别的社区", households=1)
    rnd = await make_round(stack, tree.community_id, pool_size=1)
    earlier = await make_round(stack, tree.community_id, status="closed")
    staff = await headers_for(client, stack, "staff", [tree.community_id])
    people = await people_of(stack, tree.community_id)
    [visitor] = await people_of(stack, other.community_id)
    seed = swab(people[0].id, "OLD1", earlier.point_id)
    async with stack.registry.state.sessionmaker() as session:  # a tube of the earlier round
        session.add(
            SampleTube(
                community_id=tree.community_id,
                round_id=earlier.id,
                barcode="OLD1",
                capacity=10,
                opened_by="test",
                opened_at=datetime.now(UTC),
            )
        )
        await session.commit()
    items = [
        swab(people[0].id, "OLD1", rnd.point_id),
        swab(people[1].id, "FULL", rnd.point_id),
        swab(people[2].id, "FULL", rnd.point_id),
        swab(uuid.uuid4(), "T1", rnd.point_id),
        swab(visitor.id, "T2", rnd.point_id),
        swab(people[3].id, "T3", uuid.uuid4()),
    ]
    result = await upload(client, staff, rnd, items)
    reasons = {r["client_id"]: r["reason"] for r in result["rejected"]}  # type: ignore[index]
    assert reasons == {
        items[0]["client_id"]: "tube_other_round",
        items[2]["client_id"]: "tube_full",
        items[3]["client_id"]: "unknown_person",
        items[4]["client_id"]: "other_community",
        items[5]["client_id"]: "unknown_point",
    }
    assert result["accepted"] == [items[1]["client_id"]]

    closed = await upload(client, staff, earlier, [seed])
    assert [r["reason"] for r in closed["rejected"]] == ["round_not_sampling"]  # type: ignore[index]
    assert (await _stored(stack))[0] == 1


async def test_a_person_sampled_twice_is_flagged(client: httpx.AsyncClient, stack: Stack) -> None:
    tree = await make_community(stack, households=1)
    rnd = await make_round(stack, tree.community_id)
    staff = await headers_for(client, stack, "gate_volunteer", [tree.community_id])
    [person] = await people_of(stack, tree.community_id)
    once, again = swab(person.id, "T1", rnd.point_id), swab(person.id, "T1", rnd.point_id)
    result = await upload(client, staff, rnd, [once, again])
    assert result["accepted"] == [once["client_id"], again["client_id"]]
    assert result["flagged"] == [again["client_id"]]
    async with stack.registry.state.sessionmaker() as session:
        flags = (await session.execute(select(SampleRegistration.duplicate))).scalars().all()
    assert sorted(flags) == [False, True]


async def test_two_phones_never_overfill_a_tube(client: httpx.AsyncClient, stack: Stack) -> None:
    tree = await make_community(stack, households=16)
    rnd = await make_round(stack, tree.community_id, pool_size=10)
    phones = [await headers_for(client, stack, "staff", [tree.community_id]) for _ in range(2)]
    people = await people_of(stack, tree.community_id)
    batches = [[swab(p.id, "SHARED", rnd.point_id) for p in people[n::2]] for n in range(2)]
    retried = batches[0]
    results = await asyncio.gather(
        upload(client, phones[0], rnd, batches[0]),
        upload(client, phones[1], rnd, batches[1]),
        upload(client, phones[0], rnd, retried),
    )
    accepted = [c for r in results for c in r["accepted"]]
    reasons = {x["reason"] for r in results for x in r["rejected"]}  # type: ignore[index]
    assert len(accepted) == len(set(accepted)) == 10
    assert reasons == {"tube_full"}
    assert await _stored(stack) == (10, {"SHARED": (10, 10)})


async def test_a_confirmed_visitor_is_stored_as_one(
    client: httpx.AsyncClient, stack: Stack
) -> None:
    tree = await make_community(stack, households=1)
    other = await make_community(stack, "别的社区", households=1)
    rnd = await make_round(stack, tree.community_id)
    staff = await headers_for(client, stack, "staff", [tree.community_id])
    [visitor] = await people_of(stack, other.community_id)
    item = swab(visitor.id, "T1", rnd.point_id, confirm_visitor=True)
    assert (await upload(client, staff, rnd, [item]))["accepted"] == [item["client_id"]]
    async with stack.registry.state.sessionmaker() as session:
        stored = (await session.scalars(select(SampleRegistration))).one()
    assert stored.visitor is True
    assert stored.community_id == tree.community_id


async def test_a_retest_opens_a_tube_of_one(client: httpx.AsyncClient, stack: Stack) -> None:
    tree = await make_community(stack, households=2)
    rnd = await make_round(stack, tree.community_id, pool_size=5)
    staff = await headers_for(client, stack, "staff", [tree.community_id])
    people = await people_of(stack, tree.community_id)
    await upload(client, staff, rnd, [swab(p.id, "POOL", rnd.point_id) for p in people])
    entry = await put_on_retest_list(stack, rnd, people[0], "POOL")

    retest = swab(people[0].id, "SINGLE", rnd.point_id)
    second = swab(people[1].id, "SINGLE", rnd.point_id)
    result = await upload(client, staff, rnd, [retest, second])

    assert result["accepted"] == [retest["client_id"]]
    assert result["flagged"] == []
    assert [r["reason"] for r in result["rejected"]] == ["tube_full"]  # type: ignore[index]
    assert (await _stored(stack))[1]["SINGLE"] == (1, 1)
    async with stack.registry.state.sessionmaker() as session:
        registration = (
            await session.scalars(
                select(SampleRegistration).where(
                    SampleRegistration.client_id == uuid.UUID(str(retest["client_id"]))
                )
            )
        ).one()
    assert await retest_registration(stack, entry) == registration.id


async def test_hostile_bodies_change_nothing(client: httpx.AsyncClient, stack: Stack) -> None:
    tree = await make_community(stack, households=1)
    rnd = await make_round(stack, tree.community_id)
    staff = await headers_for(client, stack, "staff", [tree.community_id])
    [person] = await people_of(stack, tree.community_id)
    url = f"/api/v1/testing-rounds/{rnd.id}/registrations:batch"
    huge = [swab(person.id, f"T{n}", rnd.point_id) for n in range(501)]
    wrong = [{**swab(person.id, "T1", rnd.point_id), "person_id": 5}]
    for body in ({"registrations": huge}, {"registrations": wrong}, {"registrations": "x"}, []):
        response = await client.post(url, headers=staff, json=body)
        assert response.status_code == 422, response.text
        assert response.headers["content-type"].startswith("application/problem+json")
    elsewhere = await client.post(
        f"/api/v1/testing-rounds/{uuid.uuid4()}/registrations:batch",
        headers=staff,
        json={"registrations": [swab(person.id, "T1", None)]},
    )
    assert elsewhere.status_code == 404
    assert elsewhere.headers["content-type"].startswith("application/problem+json")
    assert await _stored(stack) == (0, {})
