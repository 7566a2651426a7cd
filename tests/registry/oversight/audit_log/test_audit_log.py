"""The audit log through the gateway: who read whose full personal data, who exported what, who
changed which status; filters, the administrators-only rule, and the audited export."""

from __future__ import annotations

import io
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from python_calamine import CalamineWorkbook

from tests.builders import headers_for
from tests.conftest import Stack
from tests.registry.access.gates.builders import make_gate_world
from tests.registry.health.quarantines.builders import start_quarantine

AUDIT = "/api/v1/audit-events"


async def events(
    client: httpx.AsyncClient, admin: dict[str, str], **params: Any
) -> list[dict[str, Any]]:
    answer = await client.get(AUDIT, headers=admin, params=params)
    assert answer.status_code == 200, answer.text
    items: list[dict[str, Any]] = answer.json()["items"]
    return items


async def test_full_reads_and_status_changes_are_listed_by_person_and_household(
    client: httpx.AsyncClient, stack: Stack
) -> None:
    world = await make_gate_world(client, stack, households=2)
    admin = await headers_for(client, stack, "admin")
    household_id = world.tree.household_ids[0]
    members = await client.get(f"/api/v1/households/{household_id}", headers=world.staff)
    person_id = members.json()["members"][0]["id"]

    revealed = await client.get(
        f"/api/v1/people/{person_id}",
        headers=world.staff,
        params={"reveal": "true", "reason": "电话回访"},
    )
    assert revealed.status_code == 200, revealed.text
    started = await start_quarantine(client, world.staff, household_id)
    assert started.status_code == 201, started.text
    pass_id = world.passes[0]["id"]
    suspended = await client.post(
        f"/api/v1/passes/{pass_id}/suspend",
        headers=world.staff,
        json={"reason_code": "misuse", "reason": "核查中"},
    )
    assert suspended.status_code == 200, suspended.text

    by_person = await events(client, admin, person_id=person_id)
    assert [(e["action"], e["reason"]) for e in by_person] == [("reveal_personal_data", "电话回访")]
    assert by_person[0]["household_id"] == str(household_id)
    assert by_person[0]["community_id"] == str(world.community_id)

    by_household = await events(client, admin, household_id=str(household_id))
    assert {e["action"] for e in by_household} == {
        "reveal_personal_data",
        "start_quarantine",
        "suspend_pass",
    }
    assert next(e for e in by_household if e["action"] == "suspend_pass")["reason"] == "核查中"
    other = await events(client, admin, household_id=str(world.tree.household_ids[1]))
    assert other == []

    staff_subject = (await client.get("/api/v1/auth/me", headers=world.staff)).json()["subject"]
    by_actor = await events(client, admin, actor=staff_subject, action="start_quarantine")
    assert len(by_actor) == 1
    later = (datetime.now(UTC) + timedelta(minutes=1)).isoformat()
    assert await events(client, admin, since=later) == []


async def test_only_administrators_read_it_and_bad_filters_are_refused(
    client: httpx.AsyncClient, stack: Stack
) -> None:
    world = await make_gate_world(client, stack, households=1)
    for role in ("staff", "grid_worker", "officer", "gate_volunteer"):
        headers = await headers_for(client, stack, role, [world.community_id])
        answer = await client.get(AUDIT, headers=headers)
        assert answer.status_code == 403, (role, answer.text)
    admin = await headers_for(client, stack, "admin")
    now = datetime.now(UTC)
    backwards = await client.get(
        AUDIT,
        headers=admin,
        params={"since": now.isoformat(), "until": (now - timedelta(days=1)).isoformat()},
    )
    assert backwards.status_code == 422
    assert backwards.headers["content-type"].startswith("application/problem+json")
    naive = await client.get(AUDIT, headers=admin, params={"since": "2026-12-01T08:00:00"})
    assert naive.status_code == 422
    not_an_id = await client.get(AUDIT, headers=admin, params={"person_id": "../../etc"})
    assert not_an_id.status_code == 422


async def test_the_export_needs_a_reason_and_is_itself_audited(
    client: httpx.AsyncClient, stack: Stack
) -> None:
    world = await make_gate_world(client, stack, households=1)
    admin = await headers_for(client, stack, "admin")
    household_id = world.tree.household_ids[0]
    revealed = await client.get(
        f"/api/v1/households/{household_id}",
        headers=world.staff,
        params={"reveal": "true", "reason": "核对住址"},
    )
    assert revealed.status_code == 200, revealed.text

    no_reason = await client.get(f"{AUDIT}/export.xlsx", headers=admin)
    assert no_reason.status_code == 422
    exported = await client.get(
        f"{AUDIT}/export.xlsx",
        headers=admin,
        params={"reason": "街道督查", "household_id": str(household_id)},
    )
    assert exported.status_code == 200, exported.text
    book = CalamineWorkbook.from_filelike(io.BytesIO(exported.content))
    rows = book.get_sheet_by_name("审计日志").to_python()
    # the export's own record comes first into the log, so it is in the sheet too
    assert [r[3] for r in rows[1:]] == ["reveal_personal_data", "export_audit_log"]
    assert rows[1][6] == "核对住址"

    exports = await events(client, admin, action="export_audit_log")
    assert len(exports) == 1
    assert exports[0]["reason"] == "街道督查"
    assert exports[0]["household_id"] == str(household_id)
    assert uuid.UUID(exports[0]["id"])
