"""The results sheet through the gateway: a row report in Chinese with nothing applied, a clean
sheet applied (CSV and XLSX), the same sheet twice, conflicts and tubes of another round."""

from __future__ import annotations

import httpx

from tests.builders import headers_for, make_community
from tests.conftest import Stack
from tests.registry.health.test_results.rounds import (
    csv_sheet,
    import_sheet,
    make_round,
    ok,
    people_of,
    swab,
    tube_results,
    xlsx_sheet,
)


async def test_a_sheet_with_problems_is_reported_row_by_row_and_nothing_is_applied(
    client: httpx.AsyncClient, stack: Stack
) -> None:
    tree = await make_community(stack, households=2)
    world = await make_round(stack, tree)
    staff = await headers_for(client, stack, "staff", [tree.community_id])
    await swab(stack, world, "T0001", await people_of(stack, tree.household_ids[0]))
    await swab(stack, world, "T0002", await people_of(stack, tree.household_ids[1]))
    sheet = csv_sheet([("T0001", "阴性"), ("T9999", "阴性"), ("T0001", "阴性"), ("T0002", "待定")])
    for dry_run in (True, False):
        report = await ok(await import_sheet(client, staff, world, sheet, dry_run=dry_run))
        assert report["applied"] is False
        assert report["rows"] == 4
        assert [(p["row"], p["barcode"], p["message"]) for p in report["problems"]] == [
            (3, "T9999", "未找到该管码（不是本社区登记的采样管）"),
            (4, "T0001", "管码重复（与第2行相同）"),
            (5, "T0002", "无法识别的结果“待定”，应为 阴性 / 阳性 / 无效"),
        ]
    assert await tube_results(stack, world) == {"T0001": None, "T0002": None}


async def test_a_clean_sheet_is_applied_once(client: httpx.AsyncClient, stack: Stack) -> None:
    tree = await make_community(stack, households=2)
    world = await make_round(stack, tree)
    staff = await headers_for(client, stack, "staff", [tree.community_id])
    await swab(stack, world, "T0001", await people_of(stack, tree.household_ids[0]))
    await swab(stack, world, "T0002", await people_of(stack, tree.household_ids[1]))
    sheet = csv_sheet([("T0001", "阴性"), ("T0002", "阳性")])

    dry = await ok(await import_sheet(client, staff, world, sheet, dry_run=True))
    assert (dry["applied"], dry["results_set"], dry["problems"]) == (False, 2, [])
    assert dry["set_off"] == {
        "positive_tubes": 1,
        "invalid_tubes": 0,
        "retests_added": 1,
        "households_listed": 1,
        "buildings_watched": 1,
    }
    assert await tube_results(stack, world) == {"T0001": None, "T0002": None}

    applied = await ok(await import_sheet(client, staff, world, sheet))
    assert (applied["applied"], applied["results_set"], applied["unchanged"]) == (True, 2, 0)
    assert applied["set_off"] == dry["set_off"]
    assert await tube_results(stack, world) == {"T0001": "negative", "T0002": "positive"}

    again = await ok(await import_sheet(client, staff, world, sheet))
    assert (again["applied"], again["results_set"], again["unchanged"]) == (True, 0, 2)
    assert again["set_off"]["retests_added"] == 0
    retests = await ok(
        await client.get(f"/api/v1/testing-rounds/{world.round_id}/retests", headers=staff)
    )
    assert len(retests) == 1


async def test_xlsx_with_english_headers_and_a_title_row(
    client: httpx.AsyncClient, stack: Stack
) -> None:
    tree = await make_community(stack, households=2)
    world = await make_round(stack, tree)
    staff = await headers_for(client, stack, "staff", [tree.community_id])
    await swab(stack, world, "10001", await people_of(stack, tree.household_ids[0]))
    await swab(stack, world, "10002", await people_of(stack, tree.household_ids[1]))
    sheet = xlsx_sheet([("10001", "negative"), ("10002", "Invalid")])
    report = await ok(await import_sheet(client, staff, world, sheet, filename="results.xlsx"))
    assert (report["applied"], report["results_set"]) == (True, 2)
    assert report["set_off"]["invalid_tubes"] == 1
    assert await tube_results(stack, world) == {"10001": "negative", "10002": "invalid"}


async def test_a_different_result_for_a_tube_is_a_conflict(
    client: httpx.AsyncClient, stack: Stack
) -> None:
    tree = await make_community(stack, households=2)
    world = await make_round(stack, tree)
    staff = await headers_for(client, stack, "staff", [tree.community_id])
    await swab(stack, world, "T0001", await people_of(stack, tree.household_ids[0]))
    await swab(stack, world, "T0002", await people_of(stack, tree.household_ids[1]))
    await ok(await import_sheet(client, staff, world, csv_sheet([("T0001", "阴性")])))
    report = await ok(
        await import_sheet(client, staff, world, csv_sheet([("T0002", "阴性"), ("T0001", "阳性")]))
    )
    assert report["applied"] is False
    assert [p["message"] for p in report["problems"]] == [
        "该管已有结果“阴性”，与本次“阳性”不一致，请与检测机构核实"
    ]
    assert await tube_results(stack, world) == {"T0001": "negative", "T0002": None}


async def test_tubes_of_another_round_and_unreadable_files(
    client: httpx.AsyncClient, stack: Stack
) -> None:
    tree = await make_community(stack, households=1)
    first = await make_round(stack, tree, "第1轮")
    second = await make_round(stack, tree, "第2轮")
    staff = await headers_for(client, stack, "staff", [tree.community_id])
    await swab(stack, first, "T0001", await people_of(stack, tree.household_ids[0]))
    report = await ok(await import_sheet(client, staff, second, csv_sheet([("T0001", "阴性")])))
    assert [p["message"] for p in report["problems"]] == ["该管码不属于本轮核酸"]
    no_header = await import_sheet(client, staff, first, csv_sheet([("T0001", "阴性")], ("a", "b")))
    assert no_header.status_code == 422
    assert "管码" in no_header.json()["detail"]
    elsewhere = await make_community(stack, name="别的社区", households=1)
    stranger = await headers_for(client, stack, "staff", [elsewhere.community_id])
    hidden = await import_sheet(client, stranger, first, csv_sheet([("T0001", "阴性")]))
    assert hidden.status_code == 404


async def test_a_big_sheet_passes_the_gateway_and_only_for_staff(
    client: httpx.AsyncClient, stack: Stack
) -> None:
    tree = await make_community(stack, households=1)
    world = await make_round(stack, tree)
    staff = await headers_for(client, stack, "staff", [tree.community_id])
    rows = [(f"X{n:07d}", "阴性") for n in range(25_000)]
    sheet = csv_sheet([(code, f"{result},{'备注' * 12}") for code, result in rows])
    assert len(sheet) > 1 << 20  # past the ordinary body limit of the gateway and the registry
    report = await ok(await import_sheet(client, staff, world, sheet))
    assert (report["applied"], report["rows"]) == (False, 25_000)
    assert (len(report["problems"]), report["problems_truncated"]) == (1000, True)
    volunteer = await headers_for(client, stack, "gate_volunteer", [tree.community_id])
    refused = await import_sheet(client, volunteer, world, sheet)
    assert refused.status_code == 403
