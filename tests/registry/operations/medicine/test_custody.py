"""The custody log through the gateway: every hand-over of a card or book is a record, the
receiver confirms on their own account, who holds what is always answered, a worker in quarantine
or off duty is handed nothing and what they hold is flagged for reassignment."""

from __future__ import annotations

import uuid

import httpx

from tests.builders import headers_for, make_community
from tests.conftest import Stack
from tests.registry.health.quarantines.builders import grid_worker, member_ids, start_quarantine
from tests.registry.operations.medicine.builders import (
    MEDICINE,
    hand,
    resident_headers,
    roster_worker,
)


async def held(
    client: httpx.AsyncClient, headers: dict[str, str], **params: str
) -> list[dict[str, object]]:
    answer = await client.get(f"{MEDICINE}/custody", headers=headers, params=params)
    assert answer.status_code == 200, answer.text
    return answer.json()  # type: ignore[no-any-return]


async def test_a_card_goes_to_a_volunteer_who_confirms_and_comes_back(
    client: httpx.AsyncClient, stack: Stack
) -> None:
    tree = await make_community(stack)
    staff = await headers_for(client, stack, "staff", [tree.community_id])
    li, li_phone = await roster_worker(client, stack, staff, tree.community_id, "李志愿")
    wang, wang_phone = await roster_worker(client, stack, staff, tree.community_id, "王志愿")
    resident = await resident_headers(client, staff, tree.household_ids[0])
    owner = (await member_ids(stack, tree.household_ids[0]))[0]
    client_id = str(uuid.uuid4())

    first = await hand(client, resident, owner, li, client_id=client_id)
    again = await hand(client, resident, owner, li, client_id=client_id)
    assert (first.status_code, again.status_code) == (201, 200), first.text
    record = first.json()
    assert again.json()["id"] == record["id"]
    assert (record["from_name"], record["to_name"], record["confirmed_at"]) == (
        "本人",
        "李志愿",
        None,
    )
    assert [h["to_worker_id"] for h in await held(client, staff, person_id=str(owner))] == [li]

    onwards = await hand(client, staff, owner, wang)
    assert onwards.status_code == 409  # not confirmed yet
    not_theirs = await client.post(f"{MEDICINE}/custody/{record['id']}/confirm", headers=wang_phone)
    assert not_theirs.status_code == 403
    assert not_theirs.json()["type"].endswith("/custody-not-receiver")
    by_staff = await client.post(f"{MEDICINE}/custody/{record['id']}/confirm", headers=staff)
    assert by_staff.status_code == 403
    mine = await client.get(f"{MEDICINE}/custody/mine", headers=li_phone)
    assert [h["id"] for h in mine.json()] == [record["id"]]
    confirmed = await client.post(f"{MEDICINE}/custody/{record['id']}/confirm", headers=li_phone)
    assert confirmed.status_code == 200
    assert confirmed.json()["confirmed_at"]
    assert [h["person_id"] for h in await held(client, staff, worker_id=li)] == [str(owner)]
    twice = await client.post(f"{MEDICINE}/custody/{record['id']}/confirm", headers=li_phone)
    assert (twice.status_code, twice.json()["confirmed_at"]) == (
        200,
        confirmed.json()["confirmed_at"],
    )

    from_resident = await hand(client, resident, owner, wang)
    assert from_resident.status_code == 409  # the resident does not hold it
    back = await hand(client, li_phone, owner, None)
    assert back.status_code == 201, back.text
    assert (back.json()["from_name"], back.json()["to_name"]) == ("李志愿", "本人")
    assert back.json()["confirmed_at"] is not None
    assert await held(client, staff, worker_id=li) == []
    now = await held(client, staff, person_id=str(owner))
    assert [(h["to_worker_id"], h["seq"]) for h in now] == [(None, 2)]
    twice = await hand(client, staff, owner, None)
    assert twice.status_code == 409


async def test_the_custody_questions_are_asked_one_at_a_time_in_your_area(
    client: httpx.AsyncClient, stack: Stack
) -> None:
    tree = await make_community(stack)
    staff = await headers_for(client, stack, "staff", [tree.community_id])
    li, _ = await roster_worker(client, stack, staff, tree.community_id, "李志愿")
    owner = (await member_ids(stack, tree.household_ids[0]))[0]
    assert (await hand(client, staff, owner, li)).status_code == 201
    both = await client.get(
        f"{MEDICINE}/custody", headers=staff, params={"person_id": str(owner), "worker_id": li}
    )
    assert both.status_code == 422
    grid = await grid_worker(client, stack, tree.community_id, [tree.building_id])
    seen = await held(client, grid, person_id=str(owner))
    assert seen[0]["person_name"] == "张*"
    outside = await grid_worker(client, stack, tree.community_id, [])
    missing = await client.get(
        f"{MEDICINE}/custody", headers=outside, params={"person_id": str(owner)}
    )
    assert missing.status_code == 404
    assert await held(client, outside, worker_id=li) == []
    other = await headers_for(client, stack, "staff", [(await make_community(stack)).community_id])
    away = await client.get(f"{MEDICINE}/custody", headers=other, params={"worker_id": li})
    assert away.status_code == 404


async def test_a_worker_in_quarantine_is_handed_nothing_and_what_they_hold_is_flagged(
    client: httpx.AsyncClient, stack: Stack
) -> None:
    tree = await make_community(stack, households=3)
    staff = await headers_for(client, stack, "staff", [tree.community_id])
    # the worker lives in the third household: the roster finds them there by their phone
    li, li_phone = await roster_worker(
        client, stack, staff, tree.community_id, "张2", phone=tree.phones[2]
    )
    wang, _ = await roster_worker(client, stack, staff, tree.community_id, "王志愿")
    owner = (await member_ids(stack, tree.household_ids[0]))[0]
    card = (await hand(client, staff, owner, li)).json()
    book = (await hand(client, staff, owner, wang, item="record_book")).json()
    await client.post(f"{MEDICINE}/custody/{card['id']}/confirm", headers=li_phone)
    flagged = f"{MEDICINE}/custody/flagged"
    assert (await client.get(flagged, headers=staff)).json() == []

    started = await start_quarantine(client, staff, tree.household_ids[2])
    assert started.status_code == 201, started.text
    red = (await client.get(flagged, headers=staff)).json()
    assert [(h["item"], h["to_name"], h["flag"]) for h in red] == [
        ("insurance_card", "张2", "quarantined")
    ]
    neighbour = (await member_ids(stack, tree.household_ids[1]))[0]
    refused = await hand(client, staff, neighbour, li)
    assert refused.status_code == 409
    assert refused.json()["type"].endswith("/custody-receiver-unavailable")
    assert await held(client, staff, person_id=str(neighbour)) == []

    off = await client.patch(f"/api/v1/workers/{wang}", headers=staff, json={"active": False})
    assert off.status_code == 200, off.text
    red = (await client.get(flagged, headers=staff)).json()
    assert {(h["id"], h["flag"]) for h in red} == {
        (card["id"], "quarantined"),
        (book["id"], "off_duty"),
    }
    board = await client.get("/api/v1/dashboard", headers=staff)
    work = {f["key"]: f for f in board.json()["open_work"]}
    assert work["custody_flagged"]["value"] == 2  # the red line
    linked = await client.get(work["custody_flagged"]["link"], headers=staff)
    assert len(linked.json()) == 2
    moved = await hand(client, staff, owner, None)  # the card back; the unconfirmed book stays
    assert moved.status_code == 201, moved.text
    assert [h["id"] for h in (await client.get(flagged, headers=staff)).json()] == [book["id"]]
    # the book was never confirmed, and its holder is off duty: the office reassigns it anyway
    onwards = await hand(client, staff, owner, None, item="record_book")
    assert onwards.status_code == 201, onwards.text
    assert (await client.get(flagged, headers=staff)).json() == []


async def test_bad_input_is_a_problem_and_changes_nothing(
    client: httpx.AsyncClient, stack: Stack
) -> None:
    tree = await make_community(stack)
    staff = await headers_for(client, stack, "staff", [tree.community_id])
    li, _ = await roster_worker(client, stack, staff, tree.community_id, "李志愿")
    owner = (await member_ids(stack, tree.household_ids[0]))[0]
    for bad in ({"item": "passport"}, {"run_id": "not-a-uuid"}, {"note": "a\x00b"}):
        answer = await hand(client, staff, owner, li, **bad)
        assert answer.status_code == 422, bad
        assert answer.headers["content-type"].startswith("application/problem+json")
    stranger = await hand(client, staff, owner, str(uuid.uuid4()))
    assert stranger.status_code == 404
    no_run = await hand(client, staff, owner, li, run_id=str(uuid.uuid4()))
    assert no_run.status_code == 404
    assert no_run.json()["type"].endswith("/medicine-run-not-found")
    unknown = await client.post(f"{MEDICINE}/custody/{uuid.uuid4()}/confirm", headers=staff)
    assert unknown.status_code == 404
    assert await held(client, staff, person_id=str(owner)) == []
