"""Every gate verdict through the gateway: allow, and each denial reason in plain Chinese; the body
checks (fever, mask) and input errors; the volunteer's gate; a retried client id."""

from __future__ import annotations

import base64
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import httpx
from cryptography.hazmat.primitives.asymmetric import ec

from registry.access.passes.numbers import luhn_digit
from registry.access.passes.tokens import PassClaims, sign_token, split_token
from tests.builders import headers_for
from tests.conftest import Stack
from tests.registry.access.gates.builders import (
    add_gate,
    expire_pass,
    log_passage,
    make_gate_world,
    passage,
    scan,
    set_household_status,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")


def tampered(token: str) -> str:
    """One byte of the household id changed, signature kept."""
    raw = bytearray(base64.b32decode(token + "=" * (-len(token) % 8)))
    raw[25] ^= 0x01
    return base64.b32encode(bytes(raw)).decode().rstrip("=")


class TestPassVerdicts:
    async def test_allow(self, client: httpx.AsyncClient, stack: Stack) -> None:
        world = await make_gate_world(client, stack)
        verdict = await scan(client, world, world.passes[0]["token"])
        assert verdict["verdict"] == "allow"
        assert verdict["message"] == "准予通行"
        assert verdict["address"] == "东苑 1栋 1单元 101"
        assert verdict["pass_status"] == "active"

    async def test_forged(self, client: httpx.AsyncClient, stack: Stack) -> None:
        world = await make_gate_world(client, stack, households=1)
        token = world.passes[0]["token"]
        claims, _, _ = split_token(token)
        stranger_key = ec.generate_private_key(ec.SECP256R1())
        foreign = sign_token(claims, stranger_key)  # same claims, a key we never issued
        unknown_kid = sign_token(PassClaims(12345, *list(vars_of(claims))[1:]), stranger_key)
        for bad in (tampered(token), foreign, unknown_kid, "HELLO", "A" * 178, token[:-1] + "1"):
            verdict = await scan(client, world, bad)
            assert (verdict["verdict"], verdict["reason"]) == ("deny", "forged"), bad
            assert verdict["message"] == "二维码无效或已被篡改，请人工核验"
        logs = await client.get(
            "/api/v1/gate/logs", headers=world.staff, params={"verdict": "deny"}
        )
        assert logs.json()["total"] == 6  # every denied attempt is logged

    async def test_wrong_community(self, client: httpx.AsyncClient, stack: Stack) -> None:
        ours = await make_gate_world(client, stack, households=1)
        theirs = await make_gate_world(client, stack, households=1, name="别的社区")
        verdict = await scan(client, ours, theirs.passes[0]["token"])
        assert (verdict["reason"], verdict["message"]) == ("wrong_community", "非本社区出入证")
        typed = await client.post(
            "/api/v1/gate/verify",
            headers=ours.volunteer,
            json={"gate_id": str(ours.gate_id), "pass_number": theirs.passes[0]["number"]},
        )
        assert typed.json()["reason"] == "wrong_community"

    async def test_typed_numbers(self, client: httpx.AsyncClient, stack: Stack) -> None:
        world = await make_gate_world(client, stack, households=1)
        number = world.passes[0]["number"]

        async def typed(n: str) -> dict[str, object]:
            r = await client.post(
                "/api/v1/gate/verify",
                headers=world.volunteer,
                json={"gate_id": str(world.gate_id), "pass_number": n},
            )
            assert r.status_code == 200, r.text
            body: dict[str, object] = r.json()
            return body

        assert (await typed(number))["verdict"] == "allow"
        typo = number[:6] + str((int(number[6]) + 1) % 10) + number[7]
        assert (await typed(typo))["reason"] == "not_found"
        unknown = "9999999" + luhn_digit("9999999")
        assert (await typed(unknown))["message"] == "查无此出入证号"

    async def test_revoked_suspended_expired(self, client: httpx.AsyncClient, stack: Stack) -> None:
        world = await make_gate_world(client, stack, households=3)
        a, b, c = world.passes
        await client.post(
            f"/api/v1/passes/{a['id']}/revoke",
            headers=world.staff,
            json={"reason_code": "moved_out"},
        )
        await client.post(
            f"/api/v1/passes/{b['id']}/suspend", headers=world.staff, json={"reason_code": "misuse"}
        )
        await expire_pass(stack, c["id"])
        expected = {
            a["token"]: ("revoked", "出入证已作废"),
            b["token"]: ("suspended", "出入证已暂停使用"),
            c["token"]: ("expired", "出入证已过期"),
        }
        for token, (reason, message) in expected.items():
            verdict = await scan(client, world, token)
            assert (verdict["verdict"], verdict["reason"], verdict["message"]) == (
                "deny",
                reason,
                message,
            )

    async def test_quarantined(self, client: httpx.AsyncClient, stack: Stack) -> None:
        world = await make_gate_world(client, stack, households=1)
        await set_household_status(stack, world.tree.household_ids[0], "home_quarantine")
        for direction in ("out", "in"):
            verdict = await scan(client, world, world.passes[0]["token"], direction=direction)
            assert verdict["reason"] == "quarantined"
            assert verdict["message"] == "该户正在居家隔离，禁止出入"


def vars_of(claims: PassClaims) -> tuple[object, ...]:
    return (
        claims.kid,
        claims.pass_id,
        claims.household_id,
        claims.valid_from,
        claims.valid_until,
        claims.pass_version,
    )


class TestRules:
    async def test_fever_refers_and_mask(self, client: httpx.AsyncClient, stack: Stack) -> None:
        world = await make_gate_world(client, stack, households=2)
        hot = await log_passage(client, world, world.passes[0], temperature=37.3)
        assert (hot["verdict"], hot["reason"], hot["fever"]) == ("deny", "fever", True)
        assert "发热门诊" in hot["message"]
        cool = await log_passage(client, world, world.passes[0], temperature=37.2)
        assert (cool["verdict"], cool["fever"]) == ("allow", False)
        bare = await log_passage(client, world, world.passes[1], mask=False)
        assert (bare["reason"], bare["message"]) == ("no_mask", "未佩戴口罩，禁止通行")
        fevers = await client.get("/api/v1/gate/logs", headers=world.staff, params={"fever": True})
        assert fevers.json()["total"] == 1

    async def test_curfew(self, client: httpx.AsyncClient, stack: Stack) -> None:
        now = datetime.now(SHANGHAI)
        start, end = (now - timedelta(hours=1)).time(), (now + timedelta(hours=1)).time()
        rule = {"curfew_start": start.strftime("%H:%M"), "curfew_end": end.strftime("%H:%M")}
        world = await make_gate_world(client, stack, households=1, rule=rule)
        out = await scan(client, world, world.passes[0]["token"])
        assert out["reason"] == "curfew"
        assert out["message"].startswith("宵禁时段（")
        back = await scan(client, world, world.passes[0]["token"], direction="in")
        assert back["verdict"] == "allow"

    async def test_quota(self, client: httpx.AsyncClient, stack: Stack) -> None:
        rule = {"quota_scope": "household", "quota_exits": 1, "quota_period_days": 1}
        world = await make_gate_world(client, stack, households=2, rule=rule)
        first = await log_passage(client, world, world.passes[0])
        assert first["verdict"] == "allow"
        again = await log_passage(client, world, world.passes[0])
        assert (again["verdict"], again["reason"]) == ("deny", "quota_used")
        tomorrow = (datetime.now(SHANGHAI) + timedelta(days=1)).date()
        assert again["next_allowed_at"].startswith(tomorrow.isoformat())
        assert "下次可外出时间" in again["message"]
        assert (await log_passage(client, world, world.passes[0], direction="in"))[
            "verdict"
        ] == "allow"
        assert (await log_passage(client, world, world.passes[1]))["verdict"] == "allow"
        assert (await scan(client, world, world.passes[0]["token"]))["reason"] == "quota_used"


class TestInput:
    async def test_bad_input_is_422_and_logs_nothing(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await make_gate_world(client, stack, households=1)
        p = world.passes[0]
        for overrides in (
            {"temperature": 29.9},
            {"temperature": 45.1},
            {"temperature": "hot"},
            {"direction": "sideways"},
            {"token": None},
            {"pass_number": p["number"]},
            {"pass_number": "12ab"},
            {"client_id": "not-a-uuid"},
            {"note": "x" * 201},
            {"token": "A" * 301},
        ):
            body = passage(world, p, **overrides)
            if overrides.get("token", "") is None:
                body.pop("token", None)
            response = await client.post("/api/v1/gate/logs", headers=world.volunteer, json=body)
            assert response.status_code == 422, (overrides, response.text)
            assert response.headers["content-type"] == "application/problem+json"
        logs = await client.get("/api/v1/gate/logs", headers=world.staff)
        assert logs.json()["total"] == 0

    async def test_volunteer_only_at_their_gate(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await make_gate_world(client, stack, households=1)
        other_gate = await add_gate(client, world, "西门")
        body = passage(world, world.passes[0], gate_id=other_gate)
        response = await client.post("/api/v1/gate/logs", headers=world.volunteer, json=body)
        assert (response.status_code, response.json()["type"]) == (403, "/problems/not-your-gate")
        elsewhere = await make_gate_world(client, stack, households=1, name="别的社区")
        body = passage(world, world.passes[0], gate_id=str(elsewhere.gate_id))
        response = await client.post("/api/v1/gate/logs", headers=world.volunteer, json=body)
        assert response.status_code == 404
        grid = await headers_for(client, stack, "grid_worker", [world.community_id])
        refused = await client.post(
            "/api/v1/gate/logs", headers=grid, json=passage(world, world.passes[0])
        )
        assert refused.status_code == 403
        assert "contact_phone" not in (await scan(client, world, world.passes[0]["token"]))

    async def test_retried_client_id_is_logged_once(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await make_gate_world(client, stack, households=1)
        body = passage(world, world.passes[0])
        first = await client.post("/api/v1/gate/logs", headers=world.volunteer, json=body)
        second = await client.post("/api/v1/gate/logs", headers=world.volunteer, json=body)
        assert first.json()["duplicate"] is False
        assert second.json()["duplicate"] is True
        assert first.json()["log_id"] == second.json()["log_id"]
        logs = await client.get("/api/v1/gate/logs", headers=world.staff)
        assert logs.json()["total"] == 1


class TestReferral:
    async def test_fever_on_a_personal_pass_opens_a_referral(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        from sqlalchemy import select

        from registry.health.referrals.models import Referral
        from registry.residents.people.models import Person
        from tests.registry.access.gates.builders import in_days

        world = await make_gate_world(client, stack, households=1)
        async with stack.registry.state.sessionmaker() as session:
            person_id = (
                await session.scalars(
                    select(Person.id).where(Person.household_id == world.tree.household_ids[0])
                )
            ).first()
        personal = await client.post(
            "/api/v1/passes",
            headers=world.staff,
            json={
                "household_id": str(world.tree.household_ids[0]),
                "person_id": str(person_id),
                "valid_until": in_days(5),
            },
        )
        assert personal.status_code == 201, personal.text
        hot = await log_passage(client, world, personal.json(), temperature=38.5)
        assert (hot["reason"], hot["fever"]) == ("fever", True)
        household_hot = await log_passage(client, world, world.passes[0], temperature=38.0)
        assert household_hot["fever"] is True
        async with stack.registry.state.sessionmaker() as session:
            referrals = (await session.scalars(select(Referral).order_by(Referral.opened_at))).all()
        # a household pass names no one: its referral waits for staff to name the person
        assert [(r.person_id, r.temperature, r.status) for r in referrals] == [
            (person_id, 38.5, "open"),
            (None, 38.0, "open"),
        ]
