"""Export for the sub-district: masked unless revealed by a role that may, always audited."""

from __future__ import annotations

import io

import httpx
import pytest
from python_calamine import CalamineWorkbook
from sqlalchemy import select

from registry.residents.audit.models import AuditEvent
from tests.builders import CommunityTree, headers_for, make_community
from tests.conftest import Stack

EXPORT = "/api/v1/exports/households.xlsx"


def sheets(content: bytes) -> dict[str, list[list[object]]]:
    book = CalamineWorkbook.from_filelike(io.BytesIO(content))
    return {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}


@pytest.fixture
async def tree(stack: Stack) -> CommunityTree:
    return await make_community(stack, households=3)


class TestExport:
    async def test_masked_by_default_and_audited(
        self, client: httpx.AsyncClient, stack: Stack, tree: CommunityTree
    ) -> None:
        staff = await headers_for(client, stack, "staff", [tree.community_id])
        response = await client.get(EXPORT, headers=staff, params={"reason": "街道每日报送"})
        assert response.status_code == 200, response.text
        assert response.headers["content-type"].startswith("application/vnd.openxmlformats")
        assert "attachment" in response.headers["content-disposition"]
        book = sheets(response.content)
        people, households = book["居民"], book["户"]
        assert people[0][:8] == [
            "小区",
            "楼栋",
            "单元",
            "房号",
            "楼层",
            "姓名",
            "身份证号",
            "手机号",
        ]
        assert len(people) == 4
        assert len(households) == 4
        id_numbers = {row[6] for row in people[1:]}
        assert id_numbers == {n[:6] + "********" + n[-4:] for n in tree.id_numbers}
        assert {row[7] for row in people[1:]} == {p[:3] + "****" + p[-4:] for p in tree.phones}
        assert households[1][8] == 1  # members
        async with stack.registry.state.sessionmaker() as session:
            events = (await session.scalars(select(AuditEvent))).all()
        assert [(e.action, e.target_id, e.reason, e.role) for e in events] == [
            ("export_households_masked", str(tree.community_id), "街道每日报送", "staff")
        ]

    async def test_full_export_for_staff_who_ask(
        self, client: httpx.AsyncClient, stack: Stack, tree: CommunityTree
    ) -> None:
        staff = await headers_for(client, stack, "staff", [tree.community_id])
        params = {"reason": "区疾控核对", "reveal": "true"}
        response = await client.get(EXPORT, headers=staff, params=params)
        people = sheets(response.content)["居民"]
        assert {row[6] for row in people[1:]} == set(tree.id_numbers)
        async with stack.registry.state.sessionmaker() as session:
            actions = [e.action for e in (await session.scalars(select(AuditEvent))).all()]
        assert actions == ["export_households_full"]

    async def test_a_reason_is_required(
        self, client: httpx.AsyncClient, stack: Stack, tree: CommunityTree
    ) -> None:
        staff = await headers_for(client, stack, "staff", [tree.community_id])
        assert (await client.get(EXPORT, headers=staff)).status_code == 422

    @pytest.mark.parametrize("role", ["grid_worker", "officer", "gate_volunteer"])
    async def test_other_roles_may_not_export(
        self, client: httpx.AsyncClient, stack: Stack, tree: CommunityTree, role: str
    ) -> None:
        headers = await headers_for(client, stack, role, [tree.community_id])
        response = await client.get(EXPORT, headers=headers, params={"reason": "想看看"})
        assert response.status_code == 403
        async with stack.registry.state.sessionmaker() as session:
            assert (await session.scalars(select(AuditEvent))).all() == []

    async def test_another_community_is_missing(
        self, client: httpx.AsyncClient, stack: Stack, tree: CommunityTree
    ) -> None:
        other = await make_community(stack, "乙社区", households=1)
        staff = await headers_for(client, stack, "staff", [tree.community_id])
        params = {"reason": "核对", "community_id": str(other.community_id)}
        assert (await client.get(EXPORT, headers=staff, params=params)).status_code == 404
