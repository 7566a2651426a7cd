"""The sampler's bundle and its ETag, the typed-ID lookup, tube checks, figures and their
spreadsheet."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import httpx
from python_calamine import CalamineWorkbook

from tests.builders import headers_for, make_community
from tests.conftest import Stack
from tests.registry.health.sampling.rounds import (
    add_slot,
    arrange,
    make_round,
    people_of,
    swab,
    upload,
)


async def test_the_bundle_is_masked_and_answers_304_while_unchanged(
    client: httpx.AsyncClient, stack: Stack
) -> None:
    tree = await make_community(stack, households=2)
    rnd = await make_round(stack, tree.community_id, pool_size=5)
    volunteer = await headers_for(client, stack, "gate_volunteer", [tree.community_id])
    staff = await headers_for(client, stack, "staff", [tree.community_id])
    until = (datetime.now(UTC) + timedelta(days=30)).isoformat()
    issued = await client.post(
        "/api/v1/passes",
        headers=staff,
        json={"household_id": str(tree.household_ids[0]), "valid_until": until},
    )
    assert issued.status_code == 201, issued.text
    url = f"/api/v1/testing-rounds/{rnd.id}/sampling-bundle"

    first = await client.get(url, headers=volunteer)
    again = await client.get(url, headers={**volunteer, "If-None-Match": first.headers["ETag"]})
    people = await people_of(stack, tree.community_id)
    await arrange(stack, rnd, people[0], "excluded", "in_hospital")
    changed = await client.get(url, headers={**volunteer, "If-None-Match": first.headers["ETag"]})

    assert first.status_code == 200, first.text
    body = first.json()
    assert body["round"] == {
        "id": str(rnd.id),
        "community_id": str(tree.community_id),
        "pool_size": 5,
        "status": "sampling",
    }
    assert [p["id"] for p in body["points"]] == [str(rnd.point_id)]
    assert len(body["households"]) == 2
    assert body["households"][0]["members"][0]["name"] == "张*"
    assert body["passes"] == [
        {
            "pass_id": issued.json()["id"],
            "household_id": str(tree.household_ids[0]),
            "person_id": None,
        }
    ]
    assert again.status_code == 304
    assert changed.status_code == 200
    members = [m for h in changed.json()["households"] for m in h["members"]]
    assert {m["arrangement"] for m in members} == {"excluded", None}


async def test_a_person_is_found_by_typed_id_number(
    client: httpx.AsyncClient, stack: Stack
) -> None:
    tree = await make_community(stack, households=1)
    other = await make_community(stack, "别的社区", households=1)
    rnd = await make_round(stack, tree.community_id)
    volunteer = await headers_for(client, stack, "gate_volunteer", [tree.community_id])
    url = f"/api/v1/testing-rounds/{rnd.id}/people:lookup"

    mine = await client.post(url, headers=volunteer, json={"id_number": tree.id_numbers[0]})
    visitor = await client.post(
        url, headers=volunteer, json={"id_number": other.id_numbers[0].lower()}
    )
    nobody = await client.post(url, headers=volunteer, json={"id_number": "110101199001011234"})

    assert mine.status_code == 200, mine.text
    assert mine.json()["same_community"] is True
    assert mine.json()["name"] == "张*"
    assert visitor.json()["same_community"] is False
    assert visitor.json()["community_id"] == str(other.community_id)
    assert nobody.status_code == 404


async def test_a_tube_check_says_why_it_is_unusable(
    client: httpx.AsyncClient, stack: Stack
) -> None:
    tree = await make_community(stack, households=2)
    rnd = await make_round(stack, tree.community_id, pool_size=1)
    staff = await headers_for(client, stack, "staff", [tree.community_id])
    people = await people_of(stack, tree.community_id)
    await upload(client, staff, rnd, [swab(people[0].id, "T1", rnd.point_id)])
    url = f"/api/v1/testing-rounds/{rnd.id}/tubes:check"

    new = await client.post(url, headers=staff, json={"barcode": "T2"})
    full = await client.post(url, headers=staff, json={"barcode": "T1"})
    bad = await client.post(url, headers=staff, json={"barcode": ""})

    assert new.json() == {"usable": True, "reason": None, "filled": 0, "capacity": 1}
    assert full.json() == {"usable": False, "reason": "tube_full", "filled": 1, "capacity": 1}
    assert bad.status_code == 422


async def test_figures_and_their_spreadsheet(client: httpx.AsyncClient, stack: Stack) -> None:
    tree = await make_community(stack, households=4)
    rnd = await make_round(stack, tree.community_id)
    await add_slot(stack, rnd, tree.building_id)
    staff = await headers_for(client, stack, "staff", [tree.community_id])
    officer = await headers_for(client, stack, "officer", [tree.community_id])
    people = await people_of(stack, tree.community_id)
    await arrange(stack, rnd, people[3], "excluded", "away")
    await upload(
        client,
        staff,
        rnd,
        [
            swab(people[0].id, "T1", rnd.point_id),
            swab(people[0].id, "T1", rnd.point_id),
            swab(people[1].id, "H1", None, home=True),
        ],
    )
    await client.post(
        f"/api/v1/testing-rounds/{rnd.id}/knocks",
        headers=staff,
        json={
            "client_id": "6d1b4f8e-1111-4a2b-9c3d-000000000001",
            "household_id": str(people[2].household_id),
            "outcome": "away",
        },
    )

    response = await client.get(f"/api/v1/testing-rounds/{rnd.id}/figures", headers=officer)
    sheet = await client.get(f"/api/v1/testing-rounds/{rnd.id}/figures.xlsx", headers=officer)

    assert response.status_code == 200, response.text
    figures = response.json()
    expected = {
        "expected": 3,
        "sampled": 2,
        "excluded": 1,
        "home_sampled": 1,
        "missing": 1,
        "knocked": 1,
        "tubes": 2,
        "positives": 0,
    }
    assert figures["total"] == expected
    assert [{k: b[k] for k in expected} for b in figures["buildings"]] == [expected]
    [point, home] = figures["points"]
    assert (point["name"], point["sampled"], point["tubes"], point["expected"]) == (
        "东门采样点",
        1,
        1,
        3,
    )
    assert (home["point_id"], home["sampled"], home["tubes"]) == (None, 1, 1)
    assert sheet.status_code == 200
    book = CalamineWorkbook.from_filelike(io.BytesIO(sheet.content))
    assert book.sheet_names == ["总计", "楼栋", "采样点"]
    rows = book.get_sheet_by_name("总计").to_python()
    assert rows[0][:3] == ["轮次", "应检人数", "已采人数"]
    assert rows[1][1:3] == [3, 2]
