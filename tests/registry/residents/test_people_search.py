"""Finding people: Chinese characters (any part of the name), pinyin initials and full pinyin
with every reading (曾 is zeng as a surname), building/room, and exact phone or ID number."""

from __future__ import annotations

import httpx
import pytest

from tests.builders import CommunityTree, headers_for, make_community, valid_id_number
from tests.conftest import Stack
from tests.registry.residents.people_builders import make_building

PEOPLE = "/api/v1/people"
NAMES = ("张三", "张三丰", "曾小贤", "李四", "单雄信", "吕布")


@pytest.fixture
async def filed(client: httpx.AsyncClient, stack: Stack) -> tuple[CommunityTree, dict[str, str]]:
    tree = await make_community(stack, households=1)  # one person: 张0
    staff = await headers_for(client, stack, "staff", [tree.community_id])
    for n, name in enumerate(NAMES):
        response = await client.post(
            PEOPLE,
            headers=staff,
            json={
                "household_id": str(tree.household_ids[0]),
                "name": name,
                "relation": "其他",
                "id_number": valid_id_number("19900101", 300 + n),
                "phone": f"1391234{n:04d}",
            },
        )
        assert response.status_code == 201, response.text
    return tree, staff


async def names(client: httpx.AsyncClient, headers: dict[str, str], query: str) -> list[str]:
    response = await client.get(PEOPLE, headers=headers, params={"q": query})
    assert response.status_code == 200, response.text
    return sorted(p["name"] for p in response.json()["items"])


class TestSearch:
    @pytest.mark.parametrize(
        ("query", "expected"),
        [
            ("张三", ["张三", "张三丰"]),
            ("三", ["张三", "张三丰"]),
            ("小贤", ["曾小贤"]),
            ("zs", ["张三", "张三丰"]),
            ("ZSF", ["张三丰"]),
            ("zhangsan", ["张三", "张三丰"]),
            ("zxx", ["曾小贤"]),
            ("cxx", ["单雄信", "曾小贤"]),  # 单 reads chan too
            ("zengxiaoxian", ["曾小贤"]),
            ("sxx", ["单雄信"]),
            ("shanxiongxin", ["单雄信"]),
            ("lvbu", ["吕布"]),
            ("lubu", ["吕布"]),
            ("wang", []),
        ],
    )
    async def test_name_and_pinyin(
        self,
        client: httpx.AsyncClient,
        filed: tuple[CommunityTree, dict[str, str]],
        query: str,
        expected: list[str],
    ) -> None:
        assert await names(client, filed[1], query) == expected

    async def test_exact_phone_and_id_number(
        self, client: httpx.AsyncClient, filed: tuple[CommunityTree, dict[str, str]]
    ) -> None:
        tree, staff = filed
        assert await names(client, staff, "13912340002") == ["曾小贤"]
        assert await names(client, staff, "139 1234 0002") == ["曾小贤"]
        assert await names(client, staff, valid_id_number("19900101", 303)) == ["李四"]
        assert await names(client, staff, tree.id_numbers[0]) == ["张0"]

    async def test_partial_numbers_are_a_clear_problem(
        self, client: httpx.AsyncClient, filed: tuple[CommunityTree, dict[str, str]]
    ) -> None:
        response = await client.get(PEOPLE, headers=filed[1], params={"q": "1391234"})
        assert response.status_code == 422
        assert response.json()["type"] == "/problems/search-query-unsupported"

    async def test_by_building_and_room(
        self, client: httpx.AsyncClient, stack: Stack, filed: tuple[CommunityTree, dict[str, str]]
    ) -> None:
        tree, staff = filed
        everyone = await client.get(
            PEOPLE, headers=staff, params={"building_id": str(tree.building_id), "room": "101"}
        )
        assert everyone.json()["total"] == len(NAMES) + 1
        empty = await make_building(stack, tree.community_id, "9栋")
        nobody = await client.get(PEOPLE, headers=staff, params={"building_id": str(empty)})
        assert nobody.json()["total"] == 0
        in_room = await client.get(
            PEOPLE, headers=staff, params={"q": "zs", "building_id": str(tree.building_id)}
        )
        assert in_room.json()["total"] == 2

    async def test_paginated(
        self, client: httpx.AsyncClient, filed: tuple[CommunityTree, dict[str, str]]
    ) -> None:
        staff = filed[1]
        first = (await client.get(PEOPLE, headers=staff, params={"limit": 4})).json()
        second = (await client.get(PEOPLE, headers=staff, params={"limit": 4, "offset": 4})).json()
        assert first["total"] == second["total"] == len(NAMES) + 1
        assert len(first["items"]) == 4
        assert len(second["items"]) == 3
        assert {p["id"] for p in first["items"]}.isdisjoint({p["id"] for p in second["items"]})
        page = (await client.get(PEOPLE, headers=staff, params={"q": "z", "limit": 1})).json()
        # 张三 张三丰 曾小贤 (the builder's 张0 is written without search keys)
        assert page["total"] == 3
        assert len(page["items"]) == 1
        assert page["truncated"] is False

    async def test_other_communities_are_not_searched(
        self, client: httpx.AsyncClient, stack: Stack, filed: tuple[CommunityTree, dict[str, str]]
    ) -> None:
        other = await make_community(stack, "乙社区", households=1)
        outsider = await headers_for(client, stack, "staff", [other.community_id])
        assert await names(client, outsider, "zs") == []
        assert await names(client, outsider, "13912340002") == []


class TestRanking:
    async def test_common_readings_come_first_rare_ones_still_match(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        """俊 can read shun and 董 zhong, so `zs` finds 张俊 and 董帅: after 张三, exactly
        spelled in common readings, and 张三丰, whose initials start with it."""
        tree = await make_community(stack, households=1)
        staff = await headers_for(client, stack, "staff", [tree.community_id])
        for n, name in enumerate(("张俊", "董帅", "张三丰", "张三", "曾国藩", "岑光")):
            body = {
                "household_id": str(tree.household_ids[0]),
                "name": name,
                "relation": "其他",
                "id_number": valid_id_number("19900102", 400 + n),
            }
            assert (await client.post(PEOPLE, headers=staff, json=body)).status_code == 201

        async def ranked(query: str) -> list[str]:
            response = await client.get(PEOPLE, headers=staff, params={"q": query})
            return [p["name"] for p in response.json()["items"]]

        zs = await ranked("zs")
        assert zs[:2] == ["张三", "张三丰"]
        assert sorted(zs[2:]) == ["张俊", "董帅"]
        assert (await ranked("zgf"))[0] == "曾国藩"  # 曾 as a surname reads zeng
        assert "曾国藩" in await ranked("cgf")  # and is still found under its usual ceng
        assert (await ranked("cg"))[0] in ("岑光", "曾国藩")
