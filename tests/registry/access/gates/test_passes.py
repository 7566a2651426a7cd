"""Passes through the gateway: issue, read (staff, the resident), QR, revoke, suspend, resume,
reissue, keys and rotation, the quarantined household's pass, and the printed card's QR verified
with the published public key alone."""

from __future__ import annotations

import base64
import io
import shutil
import subprocess
import uuid

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric import ec

from registry.access.passes.tokens import signature_valid, split_token
from tests.builders import headers_for, make_community
from tests.conftest import Stack
from tests.registry.access.gates.builders import (
    in_days,
    make_gate_world,
    scan,
    set_household_status,
)
from tests.system_packages import needs


async def resident_headers(
    client: httpx.AsyncClient, staff: dict[str, str], household: uuid.UUID
) -> dict[str, str]:
    code = await client.post(
        "/api/v1/auth/access-codes", headers=staff, json={"household_id": str(household)}
    )
    assert code.status_code in (200, 201), code.text
    token = await client.post(
        "/api/v1/auth/resident-token", json={"access_code": code.json()["access_code"]}
    )
    return {"Authorization": f"Bearer {token.json()['access_token']}"}


def verify_with_published_key(token: str, keys: list[dict[str, object]]) -> bool:
    """What the phone does offline: the token and the published key, nothing else."""
    claims, payload, signature = split_token(token)
    for key in keys:
        if key["kid"] == claims.kid:
            point = base64.urlsafe_b64decode(str(key["public_key"]) + "==")
            public = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), point)
            return signature_valid(public, payload, signature)
    return False


class TestIssue:
    async def test_issue_read_and_scope(self, client: httpx.AsyncClient, stack: Stack) -> None:
        world = await make_gate_world(client, stack, households=2)
        p = world.passes[0]
        assert p["status"] == "active"
        assert p["effective_status"] == "active"
        assert len(p["number"]) == 8
        assert p["address"] == "东苑 1栋 1单元 101"
        listed = await client.get(
            "/api/v1/passes", headers=world.staff, params={"community_id": str(world.community_id)}
        )
        assert listed.json()["total"] == 2
        other = await make_community(stack, name="别的社区")
        stranger = await headers_for(client, stack, "staff", [other.community_id])
        assert (await client.get(f"/api/v1/passes/{p['id']}", headers=stranger)).status_code == 404
        refused = await client.get("/api/v1/passes", headers=world.volunteer)
        assert refused.status_code == 403

    async def test_resident_sees_own_pass_and_qr(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await make_gate_world(client, stack, households=2)
        resident = await resident_headers(client, world.staff, world.tree.household_ids[0])
        mine = await client.get("/api/v1/passes", headers=resident)
        assert [x["id"] for x in mine.json()["items"]] == [world.passes[0]["id"]]
        qr = await client.get(f"/api/v1/passes/{world.passes[0]['id']}/qr.svg", headers=resident)
        assert qr.status_code == 200
        assert qr.headers["content-type"].startswith("image/svg+xml")
        assert b"<svg" in qr.content
        svg_tag = qr.content[: qr.content.index(b">")]
        assert b"viewBox=" in svg_tag  # scales to the screen: no fixed width or height
        assert b"width=" not in svg_tag
        theirs = await client.get(f"/api/v1/passes/{world.passes[1]['id']}", headers=resident)
        assert theirs.status_code == 404

    async def test_second_pass_is_a_conflict_and_bad_input_is_refused(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await make_gate_world(client, stack, households=1)
        household = str(world.tree.household_ids[0])
        again = await client.post(
            "/api/v1/passes",
            headers=world.staff,
            json={"household_id": household, "valid_until": in_days(10)},
        )
        assert again.status_code == 409
        for body in (
            {"household_id": household, "valid_until": in_days(-1)},
            {"household_id": household, "valid_until": in_days(400)},
            {"household_id": household, "valid_until": "2026-13-01"},
            {"household_id": household, "valid_until": in_days(5), "extra": 1},
            {"household_id": household, "person_id": str(uuid.uuid4()), "valid_until": in_days(5)},
        ):
            response = await client.post("/api/v1/passes", headers=world.staff, json=body)
            assert response.status_code == 422, (body, response.text)
        missing = await client.post(
            "/api/v1/passes",
            headers=world.staff,
            json={"household_id": str(uuid.uuid4()), "valid_until": in_days(5)},
        )
        assert missing.status_code == 404
        listed = await client.get("/api/v1/passes", headers=world.staff)
        assert listed.json()["total"] == 1


class TestChanges:
    async def test_revoke_suspend_resume(self, client: httpx.AsyncClient, stack: Stack) -> None:
        world = await make_gate_world(client, stack, households=2)
        a, b = world.passes
        suspended = await client.post(
            f"/api/v1/passes/{a['id']}/suspend",
            headers=world.staff,
            json={"reason_code": "misuse", "reason": "核查"},
        )
        assert suspended.json()["status"] == "suspended"
        assert (await scan(client, world, a["token"]))["reason"] == "suspended"
        resumed = await client.post(
            f"/api/v1/passes/{a['id']}/resume", headers=world.staff, json={}
        )
        assert resumed.json()["status"] == "active"
        assert (await scan(client, world, a["token"]))["verdict"] == "allow"
        revoked = await client.post(
            f"/api/v1/passes/{b['id']}/revoke",
            headers=world.staff,
            json={"reason_code": "moved_out", "reason": "搬离"},
        )
        assert revoked.json()["status"] == "revoked"
        denied = await scan(client, world, b["token"])
        assert denied["reason"] == "revoked"
        assert "搬离" in denied["message"]
        again = await client.post(f"/api/v1/passes/{b['id']}/resume", headers=world.staff, json={})
        assert again.status_code == 409
        not_suspended = await client.post(
            f"/api/v1/passes/{a['id']}/resume", headers=world.staff, json={}
        )
        assert not_suspended.status_code == 409

    async def test_reissue_kills_the_old_qr(self, client: httpx.AsyncClient, stack: Stack) -> None:
        world = await make_gate_world(client, stack, households=1)
        old = world.passes[0]
        new = await client.post(
            f"/api/v1/passes/{old['id']}/reissue", headers=world.staff, json={"reason": "遗失"}
        )
        assert new.status_code == 201
        fresh = new.json()
        assert fresh["number"] != old["number"]
        assert fresh["token"] != old["token"]
        dead = await scan(client, world, old["token"])
        assert (dead["verdict"], dead["reason"]) == ("deny", "revoked")
        typed = await client.post(
            "/api/v1/gate/verify",
            headers=world.volunteer,
            json={"gate_id": str(world.gate_id), "pass_number": old["number"]},
        )
        assert typed.json()["reason"] == "revoked"
        assert (await scan(client, world, fresh["token"]))["verdict"] == "allow"
        stale = await client.get(f"/api/v1/passes/{old['id']}", headers=world.staff)
        assert stale.json()["replaced_by_id"] == fresh["id"]

    async def test_quarantined_household_pass_shows_suspended(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await make_gate_world(client, stack, households=1)
        p = world.passes[0]
        await set_household_status(stack, world.tree.household_ids[0], "home_quarantine")
        read = await client.get(f"/api/v1/passes/{p['id']}", headers=world.staff)
        assert read.json()["status"] == "active"
        assert read.json()["effective_status"] == "suspended"
        denied = await scan(client, world, p["token"])
        assert (denied["reason"], denied["pass_status"]) == ("quarantined", "suspended")
        await set_household_status(stack, world.tree.household_ids[0], "normal")
        assert (await scan(client, world, p["token"]))["verdict"] == "allow"


class TestKeys:
    async def test_rotation_keeps_old_passes_valid(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await make_gate_world(client, stack, households=2)
        keys = (await client.get("/api/v1/passes/keys", headers=world.volunteer)).json()
        assert len(keys) == 1
        assert verify_with_published_key(world.passes[0]["token"], keys)
        rotated = await client.post(
            "/api/v1/passes/keys/rotate",
            headers=world.staff,
            json={"community_id": str(world.community_id)},
        )
        assert rotated.status_code == 201
        keys = (await client.get("/api/v1/passes/keys", headers=world.volunteer)).json()
        assert len(keys) == 2
        old_key = next(k for k in keys if k["retired_at"] is not None)
        assert old_key["verify_until"] is not None
        assert (await scan(client, world, world.passes[0]["token"]))["verdict"] == "allow"
        reissued = await client.post(
            f"/api/v1/passes/{world.passes[1]['id']}/reissue", headers=world.staff, json={}
        )
        assert reissued.json()["kid"] == rotated.json()["kid"]
        assert verify_with_published_key(reissued.json()["token"], keys)
        assert (await scan(client, world, reissued.json()["token"]))["verdict"] == "allow"
        other = await make_community(stack, name="别的社区")
        refused = await client.post(
            "/api/v1/passes/keys/rotate",
            headers=world.staff,
            json={"community_id": str(other.community_id)},
        )
        assert refused.status_code == 404


@needs(shutil.which("pdftoppm") is not None, "poppler-utils")
class TestPrint:
    async def test_printed_card_qr_verifies_with_the_published_key(
        self, client: httpx.AsyncClient, stack: Stack, tmp_path_factory: pytest.TempPathFactory
    ) -> None:
        import zxingcpp
        from PIL import Image

        world = await make_gate_world(client, stack, households=3)
        response = await client.get(
            "/api/v1/passes/cards.pdf",
            headers=world.staff,
            params={"building_id": str(world.tree.building_id), "layout": "a4"},
        )
        assert response.status_code == 200, response.text
        assert response.content.startswith(b"%PDF")
        folder = tmp_path_factory.mktemp("cards")
        (folder / "cards.pdf").write_bytes(response.content)
        subprocess.run(
            ["pdftoppm", "-r", "200", "-png", "-singlefile", "cards.pdf", "page"],
            cwd=folder,
            check=True,
        )
        png = (folder / "page.png").read_bytes()
        found = {r.text for r in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))}
        assert found == {p["token"] for p in world.passes}
        keys = (await client.get("/api/v1/passes/keys", headers=world.volunteer)).json()
        assert all(verify_with_published_key(token, keys) for token in found)
        a6 = await client.get(
            "/api/v1/passes/cards.pdf",
            headers=world.staff,
            params={"building_id": str(world.tree.building_id), "layout": "a6"},
        )
        assert a6.status_code == 200
        assert a6.content.count(b"/Type /Page\n") + a6.content.count(b"/Type /Page>") >= 1

    async def test_building_issue_is_idempotent(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        tree = await make_community(stack, households=4)
        staff = await headers_for(client, stack, "staff", [tree.community_id])
        body = {"building_id": str(tree.building_id), "valid_until": in_days(20)}
        first = await client.post("/api/v1/passes/building-issues", headers=staff, json=body)
        assert first.status_code == 201, first.text
        assert len(first.json()["issued"]) == 4
        second = await client.post("/api/v1/passes/building-issues", headers=staff, json=body)
        assert second.json()["issued"] == []
        assert len(second.json()["skipped_household_ids"]) == 4
