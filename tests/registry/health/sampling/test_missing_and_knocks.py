"""The missing list by building and floor, a grid worker's part of it, and knocks."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import httpx

from registry.health.sampling.models import SampleRegistration, SampleTube
from tests.builders import headers_for, make_community
from tests.conftest import Stack
from tests.registry.health.sampling.rounds import arrange, make_round, people_of, swab, upload
from tests.registry.residents.people_builders import assign


def _knock(household_id: object, outcome: str = "no_answer") -> dict[str, object]:
    return {
        "client_id": str(uuid.uuid4()),
        "household_id": str(household_id),
        "outcome": outcome,
        "note": "敲了三次",
        "knocked_at": (datetime.now(UTC) - timedelta(minutes=2)).isoformat(),
    }


async def test_the_missing_list_leaves_out_the_sampled_and_arranged(
    client: httpx.AsyncClient, stack: Stack
) -> None:
    tree = await make_community(stack, households=4)
    rnd = await make_round(stack, tree.community_id)
    staff = await headers_for(client, stack, "staff", [tree.community_id])
    people = await people_of(stack, tree.community_id)
    await upload(client, staff, rnd, [swab(people[0].id, "T1", rnd.point_id)])
    await arrange(stack, rnd, people[1], "excluded", "away")
    await arrange(stack, rnd, people[2], "home_sampling", "bedridden")

    response = await client.get(f"/api/v1/testing-rounds/{rnd.id}/missing", headers=staff)

    assert response.status_code == 200, response.text
    [building] = response.json()["buildings"]
    assert building["building_id"] == str(tree.building_id)
    assert (building["expected"], building["sampled"], building["missing"]) == (2, 1, 1)
    [floor] = building["floors"]
    [household] = floor["households"]
    assert household["household_id"] == str(people[3].household_id)
    assert household["missing"] == [{"person_id": str(people[3].id), "name": "张*"}]
    assert household["last_knock"] is None


async def test_a_knock_is_stored_once_and_shown_last(
    client: httpx.AsyncClient, stack: Stack
) -> None:
    tree = await make_community(stack, households=1)
    rnd = await make_round(stack, tree.community_id)
    worker = await headers_for(client, stack, "grid_worker", [tree.community_id])
    me = (await client.get("/api/v1/auth/me", headers=worker)).json()
    await assign(stack, me["subject"], tree.community_id, [tree.building_id])
    url = f"/api/v1/testing-rounds/{rnd.id}/knocks"
    knock = _knock(tree.household_ids[0])

    first = await client.post(url, headers=worker, json=knock)
    again = await client.post(url, headers=worker, json=knock)
    later = await client.post(
        url,
        headers=worker,
        json={**_knock(tree.household_ids[0]), "outcome": "will_come", "knocked_at": None},
    )

    assert (first.status_code, again.status_code, later.status_code) == (201, 200, 201)
    assert again.json()["id"] == first.json()["id"]
    reused = await client.post(
        url, headers=worker, json={**knock, "household_id": str(uuid.uuid4())}
    )
    assert reused.status_code == 409
    missing = await client.get(f"/api/v1/testing-rounds/{rnd.id}/missing", headers=worker)
    [household] = missing.json()["buildings"][0]["floors"][0]["households"]
    assert household["last_knock"]["outcome"] == "will_come"
    assert household["last_knock"]["knocked_by"] == me["subject"]


async def test_a_grid_worker_sees_and_knocks_only_in_their_buildings(
    client: httpx.AsyncClient, stack: Stack
) -> None:
    mine = await make_community(stack, households=2)
    rnd = await make_round(stack, mine.community_id)
    worker = await headers_for(client, stack, "grid_worker", [mine.community_id])
    me = (await client.get("/api/v1/auth/me", headers=worker)).json()

    empty = await client.get(f"/api/v1/testing-rounds/{rnd.id}/missing", headers=worker)
    refused = await client.post(
        f"/api/v1/testing-rounds/{rnd.id}/knocks",
        headers=worker,
        json=_knock(mine.household_ids[0]),
    )
    await assign(stack, me["subject"], mine.community_id, [mine.building_id])
    seen = await client.get(f"/api/v1/testing-rounds/{rnd.id}/missing", headers=worker)

    assert empty.json() == {"buildings": []}
    assert refused.status_code == 404
    assert seen.json()["buildings"][0]["missing"] == 2


async def test_knocks_outside_the_round_are_refused(
    client: httpx.AsyncClient, stack: Stack
) -> None:
    tree = await make_community(stack, households=1)
    other = await make_community(stack, "别的社区", households=1)
    rnd = await make_round(stack, tree.community_id)
    staff = await headers_for(client, stack, "staff", [tree.community_id])
    url = f"/api/v1/testing-rounds/{rnd.id}/knocks"
    elsewhere = await client.post(url, headers=staff, json=_knock(other.household_ids[0]))
    future = {
        **_knock(tree.household_ids[0]),
        "knocked_at": (datetime.now(UTC) + timedelta(hours=2)).isoformat(),
    }
    too_late = await client.post(url, headers=staff, json=future)
    bad = await client.post(
        url, headers=staff, json={**_knock(tree.household_ids[0]), "outcome": "x"}
    )
    other_round = await client.post(
        f"/api/v1/testing-rounds/{uuid.uuid4()}/knocks",
        headers=staff,
        json=_knock(tree.household_ids[0]),
    )
    assert [r.status_code for r in (elsewhere, too_late, bad, other_round)] == [404, 422, 422, 404]
    for response in (elsewhere, too_late, bad, other_round):
        assert response.headers["content-type"].startswith("application/problem+json")


async def test_the_missing_list_follows_batches_from_this_and_other_replicas(
    client: httpx.AsyncClient, stack: Stack
) -> None:
    tree = await make_community(stack, households=3)
    rnd = await make_round(stack, tree.community_id)
    staff = await headers_for(client, stack, "staff", [tree.community_id])
    people = await people_of(stack, tree.community_id)
    url = f"/api/v1/testing-rounds/{rnd.id}/missing"

    def missing(response: httpx.Response) -> set[str]:
        assert response.status_code == 200, response.text
        return {
            p["person_id"]
            for b in response.json()["buildings"]
            for f in b["floors"]
            for h in f["households"]
            for p in h["missing"]
        }

    before = missing(await client.get(url, headers=staff))
    await upload(client, staff, rnd, [swab(people[0].id, "T1", rnd.point_id)])
    after_own = missing(await client.get(url, headers=staff))
    # another replica's batch: a row this process did not write
    async with stack.registry.state.sessionmaker() as session:
        tube = SampleTube(
            community_id=rnd.community_id,
            round_id=rnd.id,
            point_id=rnd.point_id,
            barcode="T-OTHER",
            capacity=10,
            filled=1,
            opened_by="其他副本",
            opened_at=datetime.now(UTC),
        )
        session.add(tube)
        await session.flush()
        session.add(
            SampleRegistration(
                client_id=uuid.uuid4(),
                community_id=rnd.community_id,
                round_id=rnd.id,
                tube_id=tube.id,
                point_id=rnd.point_id,
                person_id=people[1].id,
                household_id=people[1].household_id,
                building_id=tree.building_id,
                floor=1,
                sampled_at=datetime.now(UTC),
                recorded_by="其他副本",
            )
        )
        await session.commit()
    after_other = missing(await client.get(url, headers=staff))

    ids = [str(p.id) for p in people]
    assert set(ids) <= before
    assert ids[0] not in after_own
    assert ids[1] in after_own
    assert ids[1] not in after_other
    assert ids[2] in after_other
