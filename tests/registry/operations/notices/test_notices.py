"""Notices through the gateway: residents see only the current notices of their community,
pinned first; the share text and the printed poster link to the notice; retries publish once;
bad input changes nothing."""

from __future__ import annotations

import io
import shutil
import subprocess
import uuid
from pathlib import Path
from typing import Any

import httpx

from registry.operations.notices.models import Notice
from registry.printing import cjk_font
from tests.conftest import Stack
from tests.registry.operations.tasks.builders import Office, future, iso, make_office, past
from tests.system_packages import needs

BASE = "http://127.0.0.1:8000"  # REGISTRY_PUBLIC_BASE_URL's default


async def resident_of(client: httpx.AsyncClient, office: Office) -> dict[str, str]:
    code = await client.post(
        "/api/v1/auth/access-codes",
        headers=office.staff,
        json={"household_id": str(office.tree.household_ids[0])},
    )
    assert code.status_code in (200, 201), code.text
    token = await client.post(
        "/api/v1/auth/resident-token", json={"access_code": code.json()["access_code"]}
    )
    return {"Authorization": f"Bearer {token.json()['access_token']}"}


async def publish(client: httpx.AsyncClient, office: Office, **body: Any) -> dict[str, Any]:
    fields = {"title": "关于出入管理的通知", "body": "每户每两天一人外出采购。", **body}
    response = await client.post("/api/v1/notices", headers=office.staff, json=fields)
    assert response.status_code == 201, response.text
    notice: dict[str, Any] = response.json()
    return notice


async def expired_notice(stack: Stack, office: Office) -> uuid.UUID:
    """Published three days ago, expired yesterday (the API refuses to publish one)."""
    async with stack.registry.state.sessionmaker() as session:
        notice = Notice(
            community_id=office.community_id,
            title="已过期的通知",
            body="旧的配送时间。",
            published_at=past(days=3),
            expires_at=past(days=1),
            created_by="test",
        )
        session.add(notice)
        await session.commit()
        return notice.id


class TestResidentsSee:
    async def test_current_notices_of_their_community_pinned_first(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        office = await make_office(client, stack)
        other = await make_office(client, stack, name="别的社区")
        older = await publish(client, office, title="较早的通知", published_at=iso(past(hours=5)))
        pinned = await publish(
            client, office, title="置顶通知", pinned=True, published_at=iso(past(hours=8))
        )
        latest = await publish(client, office, title="最新通知", expires_at=iso(future(days=2)))
        scheduled = await publish(
            client, office, title="明天发布", published_at=iso(future(days=1))
        )
        withdrawn = await publish(client, office, title="已撤回")
        assert (
            await client.delete(f"/api/v1/notices/{withdrawn['id']}", headers=office.staff)
        ).status_code == 204
        expired = await expired_notice(stack, office)
        elsewhere = await publish(client, other, title="别的社区的通知")
        resident = await resident_of(client, office)
        seen = await client.get("/api/v1/notices", headers=resident)
        assert seen.status_code == 200, seen.text
        assert [n["id"] for n in seen.json()["items"]] == [pinned["id"], latest["id"], older["id"]]
        asking = await client.get(
            "/api/v1/notices", headers=resident, params={"state": "scheduled"}
        )
        assert asking.json()["total"] == 3  # a resident gets the current ones whatever they ask
        for hidden in (scheduled["id"], withdrawn["id"], str(expired), elsewhere["id"]):
            response = await client.get(f"/api/v1/notices/{hidden}", headers=resident)
            assert response.status_code == 404, hidden
        one = await client.get(f"/api/v1/notices/{latest['id']}", headers=resident)
        assert one.status_code == 200
        assert one.json()["state"] == "current"

    async def test_staff_see_every_state(self, client: httpx.AsyncClient, stack: Stack) -> None:
        office = await make_office(client, stack)
        await publish(client, office)
        await publish(client, office, title="明天发布", published_at=iso(future(days=1)))
        await expired_notice(stack, office)
        everything = await client.get("/api/v1/notices", headers=office.grid)
        assert everything.json()["total"] == 3
        states = {n["state"] for n in everything.json()["items"]}
        assert states == {"current", "scheduled", "expired"}
        for state, expected in (("scheduled", 1), ("expired", 1), ("current", 1), ("withdrawn", 0)):
            listed = await client.get(
                "/api/v1/notices", headers=office.officer, params={"state": state}
            )
            assert listed.json()["total"] == expected, state


class TestShareAndPrint:
    async def test_share_text_links_to_the_notice(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        office = await make_office(client, stack)
        notice = await publish(
            client, office, body="第一行\n第二行", expires_at=iso(future(days=3))
        )
        url = f"{BASE}/notices/{notice['id']}"
        assert notice["url"] == url
        text = notice["share_text"]
        assert text.startswith("【运行社区通知】关于出入管理的通知")
        assert "第一行\n第二行" in text
        assert "有效期至" in text
        assert text.endswith(f"详情：{url}")

    @needs(cjk_font() is not None, "fonts-noto-cjk")
    @needs(shutil.which("pdftotext") is not None, "poppler-utils")
    async def test_poster_shows_the_title_and_its_qr_opens_the_notice(
        self, client: httpx.AsyncClient, stack: Stack, tmp_path: Path
    ) -> None:
        import zxingcpp
        from PIL import Image

        office = await make_office(client, stack)
        notice = await publish(
            client,
            office,
            title="核酸检测安排通知",
            body="明天上午8点起在东苑广场检测。\n请带好身份证。",
        )
        response = await client.get(
            f"/api/v1/notices/{notice['id']}/poster.pdf", headers=office.grid
        )
        assert response.status_code == 200, response.text
        assert response.headers["content-type"] == "application/pdf"
        pdf = tmp_path / "poster.pdf"
        pdf.write_bytes(response.content)
        text = subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "核酸检测安排通知" in text
        assert "请带好身份证" in text
        size = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
        assert "(A4)" in size.stdout
        subprocess.run(
            ["pdftoppm", "-r", "150", "-png", "-singlefile", str(pdf), str(tmp_path / "page")],
            check=True,
        )
        image = Image.open(io.BytesIO((tmp_path / "page.png").read_bytes()))
        found = {r.text for r in zxingcpp.read_barcodes(image)}
        assert found == {f"{BASE}/notices/{notice['id']}"}
        resident = await resident_of(client, office)
        refused = await client.get(f"/api/v1/notices/{notice['id']}/poster.pdf", headers=resident)
        assert refused.status_code == 403


class TestPublish:
    async def test_a_retry_publishes_once(self, client: httpx.AsyncClient, stack: Stack) -> None:
        office = await make_office(client, stack)
        body = {"client_id": str(uuid.uuid4()), "title": "停水通知", "body": "明日9点至12点停水。"}
        first = await client.post("/api/v1/notices", headers=office.staff, json=body)
        again = await client.post("/api/v1/notices", headers=office.staff, json=body)
        assert (first.status_code, again.status_code) == (201, 200)
        assert again.json()["id"] == first.json()["id"]
        reused = await client.post(
            "/api/v1/notices", headers=office.staff, json={**body, "title": "别的通知"}
        )
        assert reused.status_code == 422
        assert (await client.get("/api/v1/notices", headers=office.staff)).json()["total"] == 1

    async def test_bad_input_is_a_problem_and_changes_nothing(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        office = await make_office(client, stack)
        cases: list[tuple[dict[str, Any], int, str]] = [
            ({"title": ""}, 422, "validation-error"),
            ({"title": "x" * 101}, 422, "validation-error"),
            ({"title": "换\n行"}, 422, "validation-error"),
            ({"body": "  "}, 422, "validation-error"),
            ({"body": "nul\x00"}, 422, "validation-error"),
            ({"pinned": "maybe"}, 422, "validation-error"),
            (
                {"published_at": iso(future(hours=2)), "expires_at": iso(future(hours=1))},
                422,
                "validation-error",
            ),
            ({"expires_at": iso(past(hours=1))}, 422, "invalid-notice-dates"),
            ({"published_at": iso(future(days=100))}, 422, "invalid-notice-dates"),
            ({"published_at": iso(past(days=2))}, 422, "invalid-notice-dates"),
            ({"expires_at": iso(future(days=400))}, 422, "invalid-notice-dates"),
            ({"published_at": "2026-01-01T08:00:00"}, 422, "validation-error"),
            ({"community_id": str(uuid.uuid4())}, 404, "community-not-found"),
            ({"audience": "all"}, 422, "validation-error"),
        ]
        for extra, status, slug in cases:
            body = {"title": "通知", "body": "内容", **extra}
            response = await client.post("/api/v1/notices", headers=office.staff, json=body)
            assert response.status_code == status, (extra, response.text)
            assert response.json()["type"] == f"/problems/{slug}", extra
        assert (await client.get("/api/v1/notices", headers=office.staff)).json()["total"] == 0
        resident = await resident_of(client, office)
        refused = await client.post(
            "/api/v1/notices", headers=resident, json={"title": "a", "body": "b"}
        )
        assert refused.status_code == 403

    async def test_edit_pin_and_withdraw(self, client: httpx.AsyncClient, stack: Stack) -> None:
        office = await make_office(client, stack)
        notice = await publish(client, office)
        edited = await client.patch(
            f"/api/v1/notices/{notice['id']}",
            headers=office.staff,
            json={"pinned": True, "expires_at": iso(future(days=1))},
        )
        assert edited.status_code == 200, edited.text
        assert edited.json()["pinned"] is True
        assert edited.json()["title"] == notice["title"]
        bad = await client.patch(
            f"/api/v1/notices/{notice['id']}",
            headers=office.staff,
            json={"expires_at": iso(past(hours=1))},
        )
        assert bad.status_code == 422
        nulled = await client.patch(
            f"/api/v1/notices/{notice['id']}", headers=office.staff, json={"title": None}
        )
        assert nulled.status_code == 422
        forever = await client.patch(
            f"/api/v1/notices/{notice['id']}", headers=office.staff, json={"expires_at": None}
        )
        assert forever.json()["expires_at"] is None
        for _ in range(2):
            gone = await client.delete(f"/api/v1/notices/{notice['id']}", headers=office.staff)
            assert gone.status_code == 204
        after = await client.patch(
            f"/api/v1/notices/{notice['id']}", headers=office.staff, json={"pinned": False}
        )
        assert after.status_code == 404
        kept = await client.get(f"/api/v1/notices/{notice['id']}", headers=office.staff)
        assert kept.json()["state"] == "withdrawn"
        assert kept.json()["withdrawn_at"] is not None
