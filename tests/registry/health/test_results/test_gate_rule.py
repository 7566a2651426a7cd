"""The gate rule negative_within_hours: set through the rules API, judged by the server verdict
(personal and household passes, excluded members, too old a negative) and carried in the offline
bundle; off again, nobody is asked for a test."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import httpx

from registry.access.gates.bundle import compact_id
from tests.conftest import Stack
from tests.registry.access.gates.builders import GateWorld, in_days, make_gate_world, scan
from tests.registry.health.quarantines.builders import add_member
from tests.registry.health.test_results.rounds import (
    csv_sheet,
    exclude,
    import_sheet,
    make_round,
    ok,
    people_of,
    swab,
)


async def _rule(
    client: httpx.AsyncClient, world: GateWorld, hours: int | None
) -> dict[str, object]:
    body: dict[str, object] = await ok(
        await client.put(
            f"/api/v1/gate-rules/{world.community_id}",
            headers=world.staff,
            json={"negative_within_hours": hours},
        )
    )
    return body


async def _bundle(client: httpx.AsyncClient, world: GateWorld) -> dict[str, object]:
    body: dict[str, object] = await ok(
        await client.get(
            "/api/v1/gate/bundle",
            headers=world.volunteer,
            params={"community_id": str(world.community_id)},
        )
    )
    return body


async def test_negative_within_hours_at_the_gate_and_in_the_bundle(
    client: httpx.AsyncClient, stack: Stack
) -> None:
    gates = await make_gate_world(client, stack, households=3)
    households = gates.tree.household_ids
    spouse = await add_member(stack, households[0], "李四")
    away = await add_member(stack, households[2], "赵六")
    world = await make_round(stack, gates.tree)
    await exclude(stack, world, away)
    head0, head1, head2 = [(await people_of(stack, h))[0] for h in households]  # 张n
    personal = await ok(
        await client.post(
            "/api/v1/passes",
            headers=gates.staff,
            json={
                "household_id": str(households[0]),
                "person_id": str(head0),
                "valid_until": in_days(5),
            },
        ),
        201,
    )
    rule = await _rule(client, gates, 48)
    assert rule["negative_within_hours"] == 48
    assert "凭48小时内核酸阴性结果通行" in str(rule["rule_text"])
    denied = await scan(client, gates, gates.passes[0]["token"])
    assert (denied["verdict"], denied["reason"], denied["message"]) == (
        "deny",
        "no_recent_negative",
        "无48小时内核酸阴性结果，禁止通行",
    )

    now = datetime.now(UTC)
    await swab(stack, world, "N1", [head0], sampled_at=now - timedelta(hours=2))
    await swab(stack, world, "N2", [spouse], sampled_at=now - timedelta(hours=1))
    await swab(stack, world, "OLD", [head1], sampled_at=now - timedelta(hours=50))
    await swab(stack, world, "N3", [head2], sampled_at=now - timedelta(hours=3))
    sheet = [("N1", "阴性"), ("OLD", "阴性"), ("N3", "阴性")]
    await ok(await import_sheet(client, gates.staff, world, csv_sheet(sheet)))

    def verdict_of(body: dict[str, object]) -> tuple[object, object]:
        return body["verdict"], body["reason"]

    assert verdict_of(await scan(client, gates, personal["token"])) == ("allow", None)
    # the spouse has no result yet: the household pass waits for every expected member
    assert verdict_of(await scan(client, gates, gates.passes[0]["token"]))[1] == (
        "no_recent_negative"
    )
    assert verdict_of(await scan(client, gates, gates.passes[1]["token"]))[1] == (
        "no_recent_negative"
    )  # 50 hours ago is too old
    # 赵六 is excluded from the round (in hospital): not expected
    assert verdict_of(await scan(client, gates, gates.passes[2]["token"])) == ("allow", None)

    await ok(await import_sheet(client, gates.staff, world, csv_sheet([("N2", "阴性")])))
    assert verdict_of(await scan(client, gates, gates.passes[0]["token"])) == ("allow", None)

    bundle = await _bundle(client, gates)
    rules = bundle["rules"]
    assert isinstance(rules, dict)
    assert rules["negative_within_hours"] == 48
    latest = bundle["latest_negatives"]
    assert isinstance(latest, dict)
    seen = {k: datetime.fromisoformat(v) for k, v in latest.items()}
    two_hours, three_hours = now - timedelta(hours=2), now - timedelta(hours=3)
    assert seen == {
        compact_id(uuid.UUID(gates.passes[0]["id"])): two_hours,  # the older of the two
        compact_id(uuid.UUID(gates.passes[2]["id"])): three_hours,
        compact_id(uuid.UUID(personal["id"])): two_hours,
    }

    await _rule(client, gates, None)
    assert verdict_of(await scan(client, gates, gates.passes[1]["token"])) == ("allow", None)
    bundle = await _bundle(client, gates)
    assert bundle["latest_negatives"] == {}


async def test_a_positive_after_a_negative_cancels_it(
    client: httpx.AsyncClient, stack: Stack
) -> None:
    gates = await make_gate_world(client, stack, households=1, rule={"negative_within_hours": 72})
    world = await make_round(stack, gates.tree)
    head = (await people_of(stack, gates.tree.household_ids[0]))[0]
    now = datetime.now(UTC)
    await swab(stack, world, "N1", [head], sampled_at=now - timedelta(hours=30))
    await swab(stack, world, "P1", [head], sampled_at=now - timedelta(hours=5))
    await ok(await import_sheet(client, gates.staff, world, csv_sheet([("N1", "阴性")])))
    assert (await scan(client, gates, gates.passes[0]["token"]))["verdict"] == "allow"
    await ok(await import_sheet(client, gates.staff, world, csv_sheet([("P1", "阳性")])))
    assert (await scan(client, gates, gates.passes[0]["token"]))["reason"] == "no_recent_negative"
