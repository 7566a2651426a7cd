"""People through the gateway: filing rules (GB 11643, birth date, mobile numbers, one ID number
once), masking by role, audited reveal, and search by name, pinyin, room, phone and ID number."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import select

from registry.residents.audit.models import AuditEvent
from tests.builders import CommunityTree, headers_for, make_community, valid_id_number
from tests.conftest import Stack

PEOPLE = "/api/v1/people"


async def file_person(
    client: httpx.AsyncClient, headers: dict[str, str], household_id: object, **fields: object
) -> httpx.Response:
    body = {"household_id": str(household_id), "name": "李四", "relation": "配偶", **fields}
    return await client.post(PEOPLE, headers=headers, json=body)


@pytest.fixture
async def tree(stack: Stack) -> CommunityTree:
    return await make_community(stack, households=2)


@pytest.fixture
async def staff(client: httpx.AsyncClient, stack: Stack, tree: CommunityTree) -> dict[str, str]:
    return await headers_for(client, stack, "staff", [tree.community_id])


class TestFilePerson:
    async def test_files_with_derived_birth_date_and_masks(
        self, client: httpx.AsyncClient, tree: CommunityTree, staff: dict[str, str]
    ) -> None:
        id_number = valid_id_number("19500317", 88)
        response = await file_person(
            client, staff, tree.household_ids[0], id_number=id_number, phone="+86 139-0000-1234"
        )
        assert response.status_code == 201, response.text
        person = response.json()
        assert person["birth_date"] == "1950-03-17"
        assert person["elderly"] is True
        assert person["id_number"] == id_number[:6] + "********" + id_number[-4:]
        assert person["phone"] == "139****1234"
        assert person["relation"] == "配偶"
        revealed = await client.get(
            f"{PEOPLE}/{person['id']}?reveal=true&reason=核对", headers=staff
        )
        assert revealed.json()["phone"] == "13900001234"  # stored in the 11-digit form

    @pytest.mark.parametrize(
        ("id_number", "message"),
        [
            ("110105194912310021", "身份证号校验位错误"),
            ("11010519491331002X", "身份证号中的出生日期无效"),
            ("1101051949123100", "身份证号应为18位"),
            ("11010520991231001X", "身份证号中的出生日期不可能"),
        ],
    )
    async def test_bad_id_numbers_are_refused(
        self,
        client: httpx.AsyncClient,
        tree: CommunityTree,
        staff: dict[str, str],
        id_number: str,
        message: str,
    ) -> None:
        if id_number.startswith("110105209912"):
            id_number = valid_id_number("20991231", 1, "110105")
        response = await file_person(client, staff, tree.household_ids[0], id_number=id_number)
        assert response.status_code == 422
        assert message in response.text

    async def test_lowercase_x_check_digit_is_accepted(
        self, client: httpx.AsyncClient, tree: CommunityTree, staff: dict[str, str]
    ) -> None:
        response = await file_person(
            client, staff, tree.household_ids[0], id_number="11010519491231002x"
        )
        assert response.status_code == 201, response.text

    async def test_birth_date_must_match_the_id_number(
        self, client: httpx.AsyncClient, tree: CommunityTree, staff: dict[str, str]
    ) -> None:
        response = await file_person(
            client,
            staff,
            tree.household_ids[0],
            id_number=valid_id_number("19800101", 5),
            birth_date="1980-01-02",
        )
        assert response.status_code == 422
        assert "出生日期与身份证号中的出生日期不一致" in response.text

    @pytest.mark.parametrize("phone", ["12345678901", "010-12345678", "1380013800"])
    async def test_only_chinese_mobile_numbers(
        self, client: httpx.AsyncClient, tree: CommunityTree, staff: dict[str, str], phone: str
    ) -> None:
        response = await file_person(client, staff, tree.household_ids[0], phone=phone)
        assert response.status_code == 422
        assert "手机号" in response.text

    async def test_an_id_number_is_registered_once(
        self, client: httpx.AsyncClient, tree: CommunityTree, staff: dict[str, str]
    ) -> None:
        response = await file_person(
            client, staff, tree.household_ids[1], id_number=tree.id_numbers[0]
        )
        assert response.status_code == 409
        assert response.json()["type"] == "/problems/person-exists"

    async def test_unknown_relation_is_refused(
        self, client: httpx.AsyncClient, tree: CommunityTree, staff: dict[str, str]
    ) -> None:
        response = await file_person(client, staff, tree.household_ids[0], relation="邻居")
        assert response.status_code == 422

    async def test_other_community_household_is_missing(
        self, client: httpx.AsyncClient, stack: Stack, staff: dict[str, str]
    ) -> None:
        other = await make_community(stack, "乙社区", households=1)
        response = await file_person(client, staff, other.household_ids[0])
        assert response.status_code == 404

    async def test_officer_may_not_file(
        self, client: httpx.AsyncClient, stack: Stack, tree: CommunityTree
    ) -> None:
        officer = await headers_for(client, stack, "officer", [tree.community_id])
        assert (await file_person(client, officer, tree.household_ids[0])).status_code == 403


class TestUpdateAndDelete:
    async def test_update_checks_birth_date_against_stored_id_number(
        self, client: httpx.AsyncClient, tree: CommunityTree, staff: dict[str, str]
    ) -> None:
        person = (await client.get(PEOPLE, headers=staff)).json()["items"][0]
        bad = await client.patch(
            f"{PEOPLE}/{person['id']}", headers=staff, json={"birth_date": "2001-01-01"}
        )
        assert bad.status_code == 422
        good = await client.patch(
            f"{PEOPLE}/{person['id']}",
            headers=staff,
            json={"name": "曾小贤", "chronic_illness": True, "phone": None},
        )
        assert good.status_code == 200, good.text
        assert good.json()["chronic_illness"] is True
        assert good.json()["phone"] is None
        found = await client.get(f"{PEOPLE}?q=zxx", headers=staff)
        assert [p["name"] for p in found.json()["items"]] == ["曾小贤"]

    async def test_delete_then_household_can_go(
        self, client: httpx.AsyncClient, tree: CommunityTree, staff: dict[str, str]
    ) -> None:
        household = tree.household_ids[0]
        refused = await client.delete(f"/api/v1/households/{household}", headers=staff)
        assert refused.status_code == 409
        assert "1 名居民" in refused.json()["detail"]
        members = await client.get(f"{PEOPLE}?household_id={household}", headers=staff)
        for member in members.json()["items"]:
            gone = await client.delete(f"{PEOPLE}/{member['id']}", headers=staff)
            assert gone.status_code == 204
        deleted = await client.delete(f"/api/v1/households/{household}", headers=staff)
        assert deleted.status_code == 204


class TestReveal:
    async def test_reveal_is_audited(
        self, client: httpx.AsyncClient, stack: Stack, tree: CommunityTree, staff: dict[str, str]
    ) -> None:
        person = (await client.get(PEOPLE, headers=staff)).json()["items"][0]
        url = f"{PEOPLE}/{person['id']}?reveal=true&reason=电话回访"
        response = await client.get(url, headers=staff)
        assert response.json()["id_number"] in tree.id_numbers
        async with stack.registry.state.sessionmaker() as session:
            events = (await session.scalars(select(AuditEvent))).all()
        assert [(e.action, e.target_type, e.reason) for e in events] == [
            ("reveal_personal_data", "person", "电话回访")
        ]

    async def test_grid_worker_may_not_reveal(
        self, client: httpx.AsyncClient, stack: Stack, tree: CommunityTree, staff: dict[str, str]
    ) -> None:
        person = (await client.get(PEOPLE, headers=staff)).json()["items"][0]
        grid = await headers_for(client, stack, "grid_worker", [tree.community_id])
        response = await client.get(f"{PEOPLE}/{person['id']}?reveal=true", headers=grid)
        assert response.status_code == 403
