"""The demo's gates as the PWA gate screen meets them: `gate1` sees its gate, fetches the bundle and
gets verdicts for an active, a quarantined and a revoked pass, through the gateway."""

from __future__ import annotations

from typing import Any

import httpx

from gateway.accounts.models import User
from registry import demo
from shouhu_common.demo_ids import DEMO_COMMUNITY_ID, demo_user_id
from tests.builders import password_hash, sign_in
from tests.conftest import Stack


async def _load(stack: Stack) -> None:
    async with stack.registry.state.sessionmaker() as session:
        await demo.load_demo(session, stack.registry.state.cipher)
    async with stack.gateway.state.sessionmaker() as session:
        for username, role in (("gate1", "gate_volunteer"), ("staff", "staff")):
            session.add(
                User(
                    id=demo_user_id(username),
                    username=username,
                    display_name=username,
                    role=role,
                    password_hash=password_hash(),
                    community_ids=[str(DEMO_COMMUNITY_ID)],
                )
            )
        await session.commit()
    await stack.registry.state.gate_states.refresh()


async def _bearer(client: httpx.AsyncClient, username: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {await sign_in(client, username)}"}


async def test_gate1_fetches_the_bundle_and_verifies_demo_passes(
    client: httpx.AsyncClient, stack: Stack
) -> None:
    await _load(stack)
    gate1, staff = await _bearer(client, "gate1"), await _bearer(client, "staff")

    gates = (await client.get("/api/v1/gate/gates", headers=gate1)).json()
    assert [g["name"] for g in gates] == ["东苑东门"]
    all_gates = (await client.get("/api/v1/gate/gates", headers=staff)).json()
    assert sorted(g["name"] for g in all_gates) == sorted(["东苑东门", "东苑北门", "西苑南门"])

    bundle = await client.get(
        "/api/v1/gate/bundle", headers=gate1, params={"community_id": str(DEMO_COMMUNITY_ID)}
    )
    assert bundle.status_code == 200, bundle.text
    b = bundle.json()
    assert len(b["keys"]) == 1
    assert len(b["quarantined_households"]) == 3
    assert len(b["revoked"]) == 1
    rules = b["rules"]
    assert (rules["fever_threshold"], rules["mask_required"]) == (37.3, True)
    assert (rules["quota_scope"], rules["quota_exits"], rules["quota_period_days"]) == (
        "household",
        1,
        2,
    )
    assert (rules["curfew_start"], rules["curfew_end"]) == ("22:00", "06:00")

    passes: list[dict[str, Any]] = []
    for offset in range(0, 601, 200):
        page = await client.get(
            "/api/v1/passes", headers=staff, params={"limit": 200, "offset": offset}
        )
        passes += page.json()["items"]
    assert len(passes) == 601  # one per household, and the revoked one replaced
    statuses = [p["effective_status"] for p in passes]
    assert (statuses.count("active"), statuses.count("suspended")) == (597, 3)
    assert statuses.count("revoked") == 1
    assert len({p["household_id"] for p in passes}) == 600

    expected = {"active": ("allow", None), "suspended": ("deny", "quarantined")}
    expected["revoked"] = ("deny", "revoked")
    for status, (verdict, reason) in expected.items():
        sample = next(p for p in passes if p["effective_status"] == status)
        answer = await client.post(
            "/api/v1/gate/verify",
            headers=gate1,
            # coming in: the same verdicts at any hour (going out meets the 22:00–06:00 curfew)
            json={"gate_id": gates[0]["id"], "token": sample["token"], "direction": "in"},
        )
        assert answer.status_code == 200, answer.text
        assert (answer.json()["verdict"], answer.json()["reason"]) == (verdict, reason)
