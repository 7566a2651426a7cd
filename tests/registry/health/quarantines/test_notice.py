"""The printable door notice: a Chinese PDF with the font embedded, never boxes."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import httpx
import pytest

from registry.health.quarantines import notice
from tests.builders import headers_for, make_community
from tests.conftest import Stack
from tests.registry.health.quarantines.builders import grid_worker, member_ids, start_quarantine
from tests.system_packages import needs


@needs(notice.cjk_font() is not None, "fonts-noto-cjk")
async def test_home_quarantine_notice_is_a_chinese_pdf(
    client: httpx.AsyncClient, stack: Stack, tmp_path: Path
) -> None:
    tree = await make_community(stack, households=1)
    staff = await headers_for(client, stack, "staff", [tree.community_id])
    created = (await start_quarantine(client, staff, tree.household_ids[0])).json()
    grid = await grid_worker(client, stack, tree.community_id, [tree.building_id])
    response = await client.get(f"/api/v1/quarantines/{created['id']}/notice.pdf", headers=grid)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert b"NotoSansCJK" in response.content  # the subset is embedded
    if shutil.which("pdftotext"):
        path = tmp_path / "notice.pdf"
        path.write_bytes(response.content)
        text = subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "居家隔离" in text
        assert "东苑 1栋 1单元 101" in text
        assert "张0" not in text  # no resident names on the door


async def test_only_for_an_active_home_quarantine(client: httpx.AsyncClient, stack: Stack) -> None:
    tree = await make_community(stack, households=1)
    staff = await headers_for(client, stack, "staff", [tree.community_id])
    person = (await member_ids(stack, tree.household_ids[0]))[0]
    hotel = (
        await start_quarantine(
            client, staff, tree.household_ids[0], person_id=str(person), kind="centralized"
        )
    ).json()
    response = await client.get(f"/api/v1/quarantines/{hotel['id']}/notice.pdf", headers=staff)
    assert response.status_code == 409
    assert response.json()["type"] == "/problems/notice-only-for-home-quarantine"
    home = (await start_quarantine(client, staff, tree.household_ids[0])).json()
    await client.post(
        f"/api/v1/quarantines/{home['id']}/release",
        headers=staff,
        json={"reason_code": "negative_results"},
    )
    response = await client.get(f"/api/v1/quarantines/{home['id']}/notice.pdf", headers=staff)
    assert response.status_code == 409


async def test_without_a_cjk_font_the_answer_is_a_clear_503(
    client: httpx.AsyncClient, stack: Stack, monkeypatch: pytest.MonkeyPatch
) -> None:
    tree = await make_community(stack, households=1)
    staff = await headers_for(client, stack, "staff", [tree.community_id])
    created = (await start_quarantine(client, staff, tree.household_ids[0])).json()
    monkeypatch.setattr(notice, "cjk_font", lambda: None)
    response = await client.get(f"/api/v1/quarantines/{created['id']}/notice.pdf", headers=staff)
    assert response.status_code == 503
    assert response.json()["type"] == "/problems/notice-font-missing"
