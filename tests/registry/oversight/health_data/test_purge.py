"""The end-of-emergency purge through the gateway: the final health-data export, the refusals
(confirmation, export missing, stale or outdated, roles), what is deleted and what stays, the
household-released events, the audit, and that nothing can bring the data back."""

from __future__ import annotations

import uuid
from datetime import timedelta

import httpx
from sqlalchemy import select, update

from registry.residents.audit.models import AuditEvent
from registry.residents.households.models import Household
from shouhu_common.clock import utc_now
from tests.builders import headers_for
from tests.conftest import Stack
from tests.registry.access.gates.builders import log_passage, scan
from tests.registry.health.quarantines.builders import outbox_events
from tests.registry.oversight.health_data.builders import (
    FILE_TABLES,
    PURGES,
    export,
    health_world,
    ok,
    purge_body,
    row_counts,
)

EXPECTED = {
    "screening": 1,
    "screening_round": 1,
    "returnee": 2,  # one by staff, one at the gate
    "quarantine": 1,
    "quarantine_change": 1,
    "follow_up": 1,
    "self_report": 1,
    "referral": 2,  # the feverish follow-up and the fever at the gate
    "gate_log": 2,
    "gate_quota_use": 1,
    "gate_visitor": 2,
    "visitor_registration": 1,  # pending: never confirmed at the gate
    "care_entry": 1,
    "care_check_in": 1,
    "medicine_request": 1,
    "medicine_run": 1,
    "custody_handover": 2,  # to the volunteer and back
}
# the testing rounds' tables: none in this world (tests/registry/health/test_results/test_purge.py)
NO_ROUNDS = dict.fromkeys(
    (
        "retest_entry watched_building household_knock sample_registration sample_tube "
        "round_arrangement round_slot sampling_point testing_round"
    ).split(),
    0,
)


async def test_purge_deletes_one_communitys_health_data_and_keeps_its_files(
    client: httpx.AsyncClient, stack: Stack
) -> None:
    world = await health_world(client, stack, name="枫林社区")
    other = await health_world(client, stack, name="桃园社区")
    admin = await headers_for(client, stack, "admin")
    assert await row_counts(stack, world.community_id) == EXPECTED
    files_before = await row_counts(stack, world.community_id, FILE_TABLES)

    export_id, sheets = await export(client, admin, world.community_id)
    assert [len(sheets[name]) - 1 for name in ("排查", "返回人员", "隔离", "随访", "转诊")] == [
        1,
        2,
        1,
        1,
        2,
    ]
    assert (len(sheets["出入登记"]), len(sheets["访客"])) == (3, 3)
    assert sheets["访客"][1][3] == "139****5678"  # masked unless revealed
    assert (len(sheets["关爱名单"]), len(sheets["关爱回访"])) == (2, 2)
    assert len(sheets["自主上报"]) == 2
    assert sheets["自主上报"][1][4] == 36.8
    assert sheets["访客自助登记"][1][2] == "137****1111"
    assert sheets["关爱回访"][1][3] == "fine"
    assert (len(sheets["代配药申请"]), len(sheets["保管记录"])) == (2, 3)
    assert [r[5] for r in sheets["保管记录"][1:]] == ["李志愿", "本人"]

    purged = await ok(
        await client.post(
            PURGES, headers=admin, json=purge_body(world, export_id, confirm="枫林社区")
        ),
        201,
    )
    assert purged["counts"] == EXPECTED | NO_ROUNDS
    assert purged["export_id"] == export_id
    assert purged["households_released"] == 1
    assert await row_counts(stack, world.community_id) == dict.fromkeys(EXPECTED, 0)
    assert await row_counts(stack, other.community_id) == EXPECTED  # another community untouched
    assert await row_counts(stack, world.community_id, FILE_TABLES) == files_before

    # the quarantined household is normal again, supplies hears it, its pass works again
    quarantined = world.tree.household_ids[1]
    async with stack.registry.state.sessionmaker() as session:
        household = await session.get(Household, quarantined)
        assert household is not None
        assert household.status == "normal"
        audit = (
            await session.scalars(
                select(AuditEvent).where(AuditEvent.action == "purge_health_data")
            )
        ).all()
    released = [e for e in await outbox_events(stack) if e["topic"] == "household.released"]
    assert [e["key"] for e in released] == [str(quarantined)]
    assert released[0]["payload"]["status"] == "normal"
    assert (await scan(client, world, world.passes[1]["token"]))["verdict"] == "allow"
    card = await ok(await client.get(f"/api/v1/passes/{world.passes[1]['id']}", headers=admin))
    assert card["effective_status"] == "active"
    # the quota slot went with the gate logs: household 0 may go out again this period
    assert (await log_passage(client, world, world.passes[0]))["verdict"] == "allow"

    assert [(a.target_id, a.role) for a in audit] == [(str(world.community_id), "admin")]
    assert export_id in audit[0].reason
    assert purged["id"] in audit[0].reason

    # irreversible: no list shows the data, no route undoes it; a second purge finds nothing
    for path in ("/api/v1/quarantines", "/api/v1/returnees", "/api/v1/screenings"):
        listed = await ok(
            await client.get(path, headers=admin, params={"community_id": str(world.community_id)})
        )
        assert listed["total"] == 0, path
    assert (await client.delete(f"{PURGES}/{purged['id']}", headers=admin)).status_code == 405
    # the exit just logged came after the export: purging again needs a new export
    again = await client.post(
        PURGES, headers=admin, json=purge_body(world, export_id, confirm="枫林社区")
    )
    assert again.status_code == 409


async def test_a_second_purge_finds_nothing_and_both_are_listed(
    client: httpx.AsyncClient, stack: Stack
) -> None:
    world = await health_world(client, stack)
    admin = await headers_for(client, stack, "admin")
    export_id, _ = await export(client, admin, world.community_id)
    first = await ok(
        await client.post(PURGES, headers=admin, json=purge_body(world, export_id)), 201
    )
    second = await ok(
        await client.post(PURGES, headers=admin, json=purge_body(world, export_id)), 201
    )
    assert sum(first["counts"].values()) == sum(EXPECTED.values())
    assert second["counts"] == dict.fromkeys(EXPECTED | NO_ROUNDS, 0)
    assert second["households_released"] == 0
    listed = await ok(
        await client.get(PURGES, headers=admin, params={"community_id": str(world.community_id)})
    )
    assert [p["id"] for p in listed["items"]] == [second["id"], first["id"]]
    one = await ok(await client.get(f"{PURGES}/{first['id']}", headers=admin))
    assert one["counts"] == first["counts"]
    missing = await client.get(f"{PURGES}/{uuid.uuid4()}", headers=admin)
    assert missing.status_code == 404


class TestRefusals:
    async def test_without_a_health_export(self, client: httpx.AsyncClient, stack: Stack) -> None:
        world = await health_world(client, stack)
        admin = await headers_for(client, stack, "admin")
        households = await client.get(
            "/api/v1/exports/households.xlsx",
            headers=admin,
            params={"community_id": str(world.community_id), "reason": "名册"},
        )
        assert households.status_code == 200
        async with stack.registry.state.sessionmaker() as session:
            roster_export = (
                await session.scalars(
                    select(AuditEvent.id).where(AuditEvent.action.startswith("export_households"))
                )
            ).one()
        for export_id in (str(uuid.uuid4()), str(roster_export)):
            refused = await client.post(PURGES, headers=admin, json=purge_body(world, export_id))
            assert refused.status_code == 422, refused.text
            assert refused.json()["type"].endswith("/health-export-not-found")
        assert await row_counts(stack, world.community_id) == EXPECTED

    async def test_export_of_another_community(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await health_world(client, stack)
        other = await health_world(client, stack, name="桃园社区")
        admin = await headers_for(client, stack, "admin")
        other_export, _ = await export(client, admin, other.community_id)
        refused = await client.post(PURGES, headers=admin, json=purge_body(world, other_export))
        assert refused.status_code == 422
        assert await row_counts(stack, world.community_id) == EXPECTED

    async def test_wrong_confirmation(self, client: httpx.AsyncClient, stack: Stack) -> None:
        world = await health_world(client, stack)
        admin = await headers_for(client, stack, "admin")
        export_id, _ = await export(client, admin, world.community_id)
        for confirm in ("测试", "yes", "桃园社区"):
            refused = await client.post(
                PURGES, headers=admin, json=purge_body(world, export_id, confirm=confirm)
            )
            assert refused.status_code == 422, refused.text
            assert refused.json()["type"].endswith("/purge-confirmation-mismatch")
        missing = await client.post(
            PURGES, headers=admin, json={**purge_body(world, export_id), "extra": 1}
        )
        assert missing.status_code == 422
        assert await row_counts(stack, world.community_id) == EXPECTED

    async def test_health_data_written_after_the_export(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await health_world(client, stack)
        admin = await headers_for(client, stack, "admin")
        export_id, _ = await export(client, admin, world.community_id)
        await log_passage(client, world, world.passes[2], direction="in")
        refused = await client.post(PURGES, headers=admin, json=purge_body(world, export_id))
        assert refused.status_code == 409, refused.text
        assert refused.json()["type"].endswith("/health-export-outdated")
        expected = EXPECTED | {"gate_log": 3}
        assert await row_counts(stack, world.community_id) == expected
        fresh, _ = await export(client, admin, world.community_id)
        done = await client.post(PURGES, headers=admin, json=purge_body(world, fresh))
        assert done.status_code == 201, done.text

    async def test_an_export_older_than_a_day(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await health_world(client, stack)
        admin = await headers_for(client, stack, "admin")
        export_id, _ = await export(client, admin, world.community_id)
        async with stack.registry.state.sessionmaker() as session:
            await session.execute(
                update(AuditEvent)
                .where(AuditEvent.id == uuid.UUID(export_id))
                .values(at=utc_now() - timedelta(hours=25))
            )
            await session.commit()
        refused = await client.post(PURGES, headers=admin, json=purge_body(world, export_id))
        assert refused.status_code == 409, refused.text
        assert refused.json()["type"].endswith("/health-export-too-old")
        assert await row_counts(stack, world.community_id) == EXPECTED

    async def test_only_an_admin_purges(self, client: httpx.AsyncClient, stack: Stack) -> None:
        world = await health_world(client, stack)
        admin = await headers_for(client, stack, "admin")
        export_id, _ = await export(client, admin, world.community_id)
        for role in ("staff", "grid_worker", "gate_volunteer", "officer"):
            caller = await headers_for(client, stack, role, [world.community_id])
            refused = await client.post(PURGES, headers=caller, json=purge_body(world, export_id))
            assert refused.status_code == 403, role
        # staff may make the final export; volunteers and officers may not
        staff_export = await client.get(
            "/api/v1/exports/health-data.xlsx", headers=world.staff, params={"reason": "最终导出"}
        )
        assert staff_export.status_code == 200
        for role in ("gate_volunteer", "officer", "grid_worker"):
            caller = await headers_for(client, stack, role, [world.community_id])
            response = await client.get(
                "/api/v1/exports/health-data.xlsx", headers=caller, params={"reason": "导出"}
            )
            assert response.status_code == 403, role
        revealed = await client.get(
            "/api/v1/exports/health-data.xlsx",
            headers=world.staff,
            params={"reason": "最终导出", "reveal": "true"},
        )
        assert revealed.status_code == 200
        assert await row_counts(stack, world.community_id) == EXPECTED
