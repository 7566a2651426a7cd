"""Medicine on behalf through the gateway: requests once per client id in the caller's area, the
pharmacy order of an over-the-counter request, and a run to the hospital with its costs."""

from __future__ import annotations

import asyncio
import io
import uuid
from typing import Any

import httpx
from python_calamine import CalamineWorkbook

from tests.builders import headers_for, make_community
from tests.conftest import Stack
from tests.registry.health.quarantines.builders import grid_worker, member_ids
from tests.registry.operations.medicine.builders import (
    MEDICINE,
    ask,
    resident_headers,
    roster_worker,
)


async def test_a_resident_asks_for_their_household_once_per_client_id(
    client: httpx.AsyncClient, stack: Stack
) -> None:
    tree = await make_community(stack, households=2)
    staff = await headers_for(client, stack, "staff", [tree.community_id])
    resident = await resident_headers(client, staff, tree.household_ids[0])
    mine = (await member_ids(stack, tree.household_ids[0]))[0]
    theirs = (await member_ids(stack, tree.household_ids[1]))[0]
    client_id = str(uuid.uuid4())

    first = await ask(client, resident, mine, client_id=client_id)
    again = await ask(client, resident, mine, client_id=client_id)
    assert (first.status_code, again.status_code) == (201, 200), first.text
    assert first.json()["id"] == again.json()["id"]
    assert first.json()["person_name"] == "张0"
    other = await ask(client, resident, theirs)
    assert other.status_code == 404
    assert other.headers["content-type"].startswith("application/problem+json")
    listed = await client.get(f"{MEDICINE}/requests", headers=resident)
    assert listed.json()["total"] == 1
    assert (await client.get(f"{MEDICINE}/requests", headers=staff)).json()["total"] == 1


async def test_a_grid_worker_asks_only_in_their_buildings_and_sees_names_masked(
    client: httpx.AsyncClient, stack: Stack
) -> None:
    tree = await make_community(stack)
    elsewhere = await make_community(stack, name="别的社区")
    staff = await headers_for(client, stack, "staff", [tree.community_id])
    grid = await grid_worker(client, stack, tree.community_id, [tree.building_id])
    person = (await member_ids(stack, tree.household_ids[0]))[0]
    made = await ask(client, grid, person)
    assert made.status_code == 201, made.text
    assert made.json()["person_name"] == "张*"
    stranger = (await member_ids(stack, elsewhere.household_ids[0]))[0]
    assert (await ask(client, grid, stranger)).status_code == 404
    assert (await ask(client, staff, stranger)).status_code == 404
    outside = await grid_worker(client, stack, tree.community_id, [])
    assert (await client.get(f"{MEDICINE}/requests", headers=outside)).json()["total"] == 0
    assert (
        await client.get(f"{MEDICINE}/requests/{made.json()['id']}", headers=outside)
    ).status_code == 404


async def test_an_over_the_counter_request_records_its_pharmacy_order(
    client: httpx.AsyncClient, stack: Stack
) -> None:
    tree = await make_community(stack)
    staff = await headers_for(client, stack, "staff", [tree.community_id])
    person = (await member_ids(stack, tree.household_ids[0]))[0]
    otc = (await ask(client, staff, person, kind="otc", medicine_name="板蓝根")).json()
    order_id = str(uuid.uuid4())
    url = f"{MEDICINE}/requests/{otc['id']}"
    ordered = await client.patch(url, headers=staff, json={"order_id": order_id})
    assert ordered.status_code == 200, ordered.text
    assert (ordered.json()["status"], ordered.json()["order_id"]) == ("ordered", order_id)
    again = await client.patch(url, headers=staff, json={"order_id": order_id})
    assert again.status_code == 200
    cancel = await client.patch(url, headers=staff, json={"status": "cancelled"})
    assert cancel.status_code == 409
    rx = (await ask(client, staff, person)).json()
    refused = await client.patch(
        f"{MEDICINE}/requests/{rx['id']}", headers=staff, json={"order_id": order_id}
    )
    assert refused.status_code == 409
    assert refused.json()["type"].endswith("/medicine-request-state")


async def line(
    client: httpx.AsyncClient, staff: dict[str, str], run_id: str, request_id: str, **body: Any
) -> httpx.Response:
    url = f"{MEDICINE}/runs/{run_id}/requests/{request_id}"
    return await client.patch(url, headers=staff, json=body)


async def move(
    client: httpx.AsyncClient, staff: dict[str, str], run_id: str, status: str
) -> httpx.Response:
    return await client.post(
        f"{MEDICINE}/runs/{run_id}/status", headers=staff, json={"status": status}
    )


async def test_a_run_goes_out_comes_back_and_is_reconciled(
    client: httpx.AsyncClient, stack: Stack
) -> None:
    tree = await make_community(stack, households=3)
    staff = await headers_for(client, stack, "staff", [tree.community_id])
    worker_id, _ = await roster_worker(client, stack, staff, tree.community_id, "李志愿")
    people = [(await member_ids(stack, h))[0] for h in tree.household_ids]
    asked = [(await ask(client, staff, p)).json()["id"] for p in people]
    otc = (await ask(client, staff, people[0], kind="otc")).json()["id"]
    body = {
        "client_id": str(uuid.uuid4()),
        "worker_id": worker_id,
        "hospital": "市第一人民医院",
        "run_date": "2026-12-12",
        "request_ids": asked,
    }
    refused = await client.post(
        f"{MEDICINE}/runs",
        headers=staff,
        json={**body, "request_ids": [otc], "client_id": str(uuid.uuid4())},
    )
    assert refused.status_code == 409
    made = await client.post(f"{MEDICINE}/runs", headers=staff, json=body)
    assert made.status_code == 201, made.text
    again = await client.post(f"{MEDICINE}/runs", headers=staff, json=body)
    assert (again.status_code, again.json()["id"]) == (200, made.json()["id"])
    run = made.json()
    assert run["worker_name"] == "李志愿"
    assert run["status"] == "planned"
    assert {r["status"] for r in run["requests"]} == {"in_run"}
    rid = run["id"]

    assert (await line(client, staff, rid, asked[0], outcome="collected")).status_code == 409
    assert (await move(client, staff, rid, "back")).status_code == 409
    assert (await move(client, staff, rid, "out")).status_code == 200
    assert (await move(client, staff, rid, "out")).status_code == 200
    done = await line(
        client, staff, rid, asked[0], outcome="collected", amount_paid_fen=4560, receipt_number="R1"
    )
    assert done.status_code == 200, done.text
    await line(client, staff, rid, asked[1], outcome="partly", amount_paid_fen=1200)
    assert (await move(client, staff, rid, "back")).status_code == 200
    open_ = await move(client, staff, rid, "closed")
    assert open_.status_code == 409
    assert "硝苯地平" in open_.json()["detail"]
    await line(client, staff, rid, asked[2], outcome="not_available")
    await line(client, staff, rid, asked[0], repayment="paid_back")
    await line(client, staff, rid, asked[1], repayment="waived")
    assert (await move(client, staff, rid, "closed")).status_code == 200
    late = await line(client, staff, rid, asked[2], amount_paid_fen=100)
    assert late.status_code == 409
    negative = await line(client, staff, rid, asked[2], repayment="paid_back", amount_paid_fen=-1)
    assert negative.status_code == 422

    money = (await client.get(f"{MEDICINE}/runs/{rid}/reconciliation", headers=staff)).json()
    assert (money["requests"], money["collected"], money["partly"], money["not_available"]) == (
        3,
        1,
        1,
        1,
    )
    assert (money["paid_fen"], money["repaid_fen"], money["waived_fen"]) == (5760, 4560, 1200)
    assert money["outstanding_fen"] == 0
    sheet = await client.get(f"{MEDICINE}/runs/{rid}/reconciliation.xlsx", headers=staff)
    assert sheet.status_code == 200, sheet.text
    rows = CalamineWorkbook.from_filelike(io.BytesIO(sheet.content)).get_sheet_by_name("代配药对账")
    table = rows.to_python()
    assert table[2][:4] == ["张0", "硝苯地平控释片", "已配到", 45.6]
    assert table[-4][:4] == ["垫付合计", "", "", 57.6]
    other = await headers_for(client, stack, "staff", [(await make_community(stack)).community_id])
    assert (await client.get(f"{MEDICINE}/runs/{rid}", headers=other)).status_code == 404


async def test_two_runs_planned_at_once_take_a_request_once(
    client: httpx.AsyncClient, stack: Stack
) -> None:
    tree = await make_community(stack)
    staff = await headers_for(client, stack, "staff", [tree.community_id])
    worker_id, _ = await roster_worker(client, stack, staff, tree.community_id, "李志愿")
    person = (await member_ids(stack, tree.household_ids[0]))[0]
    asked = (await ask(client, staff, person)).json()["id"]

    def plan() -> dict[str, Any]:
        return {
            "client_id": str(uuid.uuid4()),
            "worker_id": worker_id,
            "hospital": "市第一人民医院",
            "run_date": "2026-12-12",
            "request_ids": [asked],
        }

    answers = await asyncio.gather(
        *(client.post(f"{MEDICINE}/runs", headers=staff, json=plan()) for _ in range(3))
    )
    assert sorted(a.status_code for a in answers) == [201, 409, 409], [a.text for a in answers]
    runs = (await client.get(f"{MEDICINE}/runs", headers=staff)).json()
    assert runs["total"] == 1
