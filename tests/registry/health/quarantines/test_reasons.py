"""Reasons for status changes: a code from a closed list per action, free text where the code
alone says nothing, both kept with the record and in the audit log."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import pytest

from tests.builders import CommunityTree, headers_for, make_community
from tests.conftest import Stack
from tests.registry.health.quarantines.builders import start_quarantine, today

Q = "/api/v1/quarantines"


@pytest.fixture
async def tree(stack: Stack) -> CommunityTree:
    return await make_community(stack, households=3)


@pytest.fixture
async def staff(client: httpx.AsyncClient, stack: Stack, tree: CommunityTree) -> dict[str, str]:
    return await headers_for(client, stack, "staff", [tree.community_id])


@pytest.fixture
async def admin(client: httpx.AsyncClient, stack: Stack) -> dict[str, str]:
    return await headers_for(client, stack, "admin")


async def _audit(client: httpx.AsyncClient, admin: dict[str, str], action: str) -> list[dict]:
    events = await client.get("/api/v1/audit-events", headers=admin, params={"action": action})
    assert events.status_code == 200, events.text
    return list(events.json()["items"])


class TestQuarantineStartReason:
    async def test_a_start_without_a_code_changes_nothing(
        self, client: httpx.AsyncClient, tree: CommunityTree, staff: dict[str, str]
    ) -> None:
        response = await start_quarantine(client, staff, tree.household_ids[0], reason_code=None)
        assert response.status_code == 422
        assert response.headers["content-type"] == "application/problem+json"
        unknown = await start_quarantine(client, staff, tree.household_ids[0], reason_code="mood")
        assert unknown.status_code == 422
        assert (await client.get(Q, headers=staff)).json()["total"] == 0

    async def test_official_order_and_other_need_words(
        self, client: httpx.AsyncClient, tree: CommunityTree, staff: dict[str, str]
    ) -> None:
        for code in ("official_order", "other"):
            bare = await start_quarantine(client, staff, tree.household_ids[0], reason_code=code)
            assert bare.status_code == 422, code
            assert f"reason_code `{code}`" in bare.json()["detail"]  # the code, not a Python repr
            assert "Quarantine" not in bare.json()["detail"]
        assert (await client.get(Q, headers=staff)).json()["total"] == 0
        written = await start_quarantine(
            client,
            staff,
            tree.household_ids[0],
            reason_code="official_order",
            reason="区指挥部〔2022〕15号通知",
        )
        assert written.status_code == 201, written.text
        assert (written.json()["reason_code"], written.json()["reason"]) == (
            "official_order",
            "区指挥部〔2022〕15号通知",
        )

    async def test_the_code_is_kept_in_the_audit_log(
        self,
        client: httpx.AsyncClient,
        tree: CommunityTree,
        staff: dict[str, str],
        admin: dict[str, str],
    ) -> None:
        created = await start_quarantine(
            client, staff, tree.household_ids[0], reason_code="from_risk_area", reason="自外省返回"
        )
        [event] = await _audit(client, admin, "start_quarantine")
        assert (event["target_id"], event["reason_code"], event["reason"]) == (
            created.json()["id"],
            "from_risk_area",
            "自外省返回",
        )


class TestEndingAndChangingTheEnd:
    async def test_an_early_release_needs_a_code(
        self,
        client: httpx.AsyncClient,
        tree: CommunityTree,
        staff: dict[str, str],
        admin: dict[str, str],
    ) -> None:
        created = (await start_quarantine(client, staff, tree.household_ids[0])).json()
        path = f"{Q}/{created['id']}/release"
        bare = await client.post(path, headers=staff, json={"note": "提前"})
        assert bare.status_code == 422
        assert bare.json()["type"] == "/problems/release-reason-required"
        assert (await client.get(f"{Q}/{created['id']}", headers=staff)).json()["status"] == (
            "active"
        )
        body = {"reason_code": "wrongly_identified", "note": "流调更正"}
        released = await client.post(path, headers=staff, json=body)
        assert released.status_code == 200, released.text
        assert released.json()["release_reason_code"] == "wrongly_identified"
        [event] = await _audit(client, admin, "release_quarantine")
        assert (event["reason_code"], event["reason"]) == ("wrongly_identified", "流调更正")

    async def test_a_release_on_the_planned_end_needs_none(
        self, client: httpx.AsyncClient, tree: CommunityTree, staff: dict[str, str]
    ) -> None:
        created = await start_quarantine(
            client,
            staff,
            tree.household_ids[0],
            start_date=(today() - timedelta(days=14)).isoformat(),
            planned_end_date=today().isoformat(),
        )
        released = await client.post(f"{Q}/{created.json()['id']}/release", headers=staff, json={})
        assert released.status_code == 200, released.text
        assert released.json()["release_reason_code"] == "period_completed"

    async def test_an_end_change_keeps_its_code(
        self, client: httpx.AsyncClient, tree: CommunityTree, staff: dict[str, str]
    ) -> None:
        created = (await start_quarantine(client, staff, tree.household_ids[0])).json()
        path = f"{Q}/{created['id']}/end-date-changes"
        later = (today() + timedelta(days=20)).isoformat()
        bare = await client.post(path, headers=staff, json={"planned_end_date": later})
        assert bare.status_code == 422
        body = {"planned_end_date": later, "reason_code": "new_exposure", "reason": "同户复阳"}
        changed = await client.post(path, headers=staff, json=body)
        assert changed.status_code == 200, changed.text
        [change] = changed.json()["changes"]
        assert (change["reason_code"], change["reason"]) == ("new_exposure", "同户复阳")


class TestPassReasons:
    async def test_suspend_and_revoke_need_a_code_resume_does_not(
        self,
        client: httpx.AsyncClient,
        stack: Stack,
        tree: CommunityTree,
        staff: dict[str, str],
        admin: dict[str, str],
    ) -> None:
        until = (datetime.now(UTC) + timedelta(days=30)).isoformat()
        issued = await client.post(
            "/api/v1/passes",
            headers=staff,
            json={"household_id": str(tree.household_ids[0]), "valid_until": until},
        )
        assert issued.status_code == 201, issued.text
        path = f"/api/v1/passes/{issued.json()['id']}"
        for action in ("suspend", "revoke"):
            bare = await client.post(f"{path}/{action}", headers=staff, json={"reason": "核查"})
            assert bare.status_code == 422, action
            assert bare.json()["type"] == "/problems/pass-reason-required"
        vague = await client.post(f"{path}/suspend", headers=staff, json={"reason_code": "other"})
        assert vague.status_code == 422
        body = {"reason_code": "misuse", "reason": "转借他人"}
        suspended = await client.post(f"{path}/suspend", headers=staff, json=body)
        assert suspended.status_code == 200, suspended.text
        assert (suspended.json()["status"], suspended.json()["reason_code"]) == (
            "suspended",
            "misuse",
        )
        resumed = await client.post(f"{path}/resume", headers=staff, json={})
        assert resumed.status_code == 200, resumed.text
        assert resumed.json()["reason_code"] == ""
        [event] = await _audit(client, admin, "suspend_pass")
        assert (event["reason_code"], event["reason"]) == ("misuse", "转借他人")
