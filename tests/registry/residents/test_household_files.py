"""Filing households and the community tree through the gateway, delete refused while people
refer to a household, and grid workers limited to their assigned buildings."""

from __future__ import annotations

import uuid

import httpx
import pytest

from tests.builders import CommunityTree, headers_for, make_community
from tests.conftest import Stack
from tests.registry.residents.people_builders import assign, make_building

HOUSEHOLDS = "/api/v1/households"


@pytest.fixture
async def tree(stack: Stack) -> CommunityTree:
    return await make_community(stack, households=2)


@pytest.fixture
async def staff(client: httpx.AsyncClient, stack: Stack, tree: CommunityTree) -> dict[str, str]:
    return await headers_for(client, stack, "staff", [tree.community_id])


async def grid_worker(
    client: httpx.AsyncClient, stack: Stack, community_id: uuid.UUID
) -> tuple[str, dict[str, str]]:
    headers = await headers_for(client, stack, "grid_worker", [community_id])
    subject = (await client.get("/api/v1/auth/me", headers=headers)).json()["subject"]
    return subject, headers


class TestFileHousehold:
    async def test_create_update_delete(
        self, client: httpx.AsyncClient, tree: CommunityTree, staff: dict[str, str]
    ) -> None:
        body = {"building_id": str(tree.building_id), "unit": 2, "floor": 5, "room": "502",
                "contact_phone": "13800001111"}  # fmt: skip
        created = await client.post(HOUSEHOLDS, headers=staff, json=body)
        assert created.status_code == 201, created.text
        household = created.json()
        assert household["contact_phone"] == "138****1111"
        assert household["address"].endswith("2单元 502")
        assert household["card_number"].startswith("H")
        again = await client.post(HOUSEHOLDS, headers=staff, json=body)
        assert again.status_code == 409
        changed = await client.patch(
            f"{HOUSEHOLDS}/{household['id']}", headers=staff, json={"room": "503", "floor": 5}
        )
        assert changed.json()["room"] == "503"
        taken = await client.patch(
            f"{HOUSEHOLDS}/{tree.household_ids[0]}", headers=staff, json={"unit": 2, "room": "503"}
        )
        assert taken.status_code == 409
        deleted = await client.delete(f"{HOUSEHOLDS}/{household['id']}", headers=staff)
        assert deleted.status_code == 204
        assert (
            await client.get(f"{HOUSEHOLDS}/{household['id']}", headers=staff)
        ).status_code == 404

    async def test_read_of_an_empty_household_and_members_in_filing_order(
        self, client: httpx.AsyncClient, tree: CommunityTree, staff: dict[str, str]
    ) -> None:
        body = {"building_id": str(tree.building_id), "unit": 3, "floor": 1, "room": "101"}
        household = (await client.post(HOUSEHOLDS, headers=staff, json=body)).json()
        empty = (await client.get(f"{HOUSEHOLDS}/{household['id']}", headers=staff)).json()
        assert (empty["members"], empty["member_count"], empty["contact_phone"]) == ([], 0, None)
        assert empty["address"].endswith("3单元 101")
        for name, relation in (("孙立", "户主"), ("孙晓", "子女"), ("周敏", "配偶")):
            person = {"household_id": household["id"], "name": name, "relation": relation}
            assert (await client.post("/api/v1/people", headers=staff, json=person)).is_success
        full = (await client.get(f"{HOUSEHOLDS}/{household['id']}", headers=staff)).json()
        assert [m["name"] for m in full["members"]] == ["孙立", "孙晓", "周敏"]
        assert full["member_count"] == 3
        assert full["members"][1]["id_number"] is None

    async def test_delete_refused_while_people_live_there(
        self, client: httpx.AsyncClient, tree: CommunityTree, staff: dict[str, str]
    ) -> None:
        response = await client.delete(f"{HOUSEHOLDS}/{tree.household_ids[0]}", headers=staff)
        assert response.status_code == 409
        assert response.json()["type"] == "/problems/household-in-use"

    async def test_bad_phone_and_unknown_building(
        self, client: httpx.AsyncClient, tree: CommunityTree, staff: dict[str, str]
    ) -> None:
        bad = {
            "building_id": str(tree.building_id),
            "floor": 1,
            "room": "1",
            "contact_phone": "110",
        }
        assert (await client.post(HOUSEHOLDS, headers=staff, json=bad)).status_code == 422
        nowhere = {"building_id": str(uuid.uuid4()), "floor": 1, "room": "1"}
        assert (await client.post(HOUSEHOLDS, headers=staff, json=nowhere)).status_code == 404

    async def test_compounds_and_buildings(
        self, client: httpx.AsyncClient, tree: CommunityTree, staff: dict[str, str]
    ) -> None:
        base = f"/api/v1/communities/{tree.community_id}"
        compound = await client.post(f"{base}/compounds", headers=staff, json={"name": "南苑"})
        assert compound.status_code == 201
        assert (
            await client.post(f"{base}/compounds", headers=staff, json={"name": "南苑"})
        ).status_code == 409
        body = {"compound_id": compound.json()["id"], "name": "8栋", "floors": 18, "units": 3}
        building = await client.post(f"{base}/buildings", headers=staff, json=body)
        assert building.status_code == 201
        assert building.json()["compound_name"] == "南苑"
        assert (await client.post(f"{base}/buildings", headers=staff, json=body)).status_code == 409
        names = [c["name"] for c in (await client.get(f"{base}/compounds", headers=staff)).json()]
        assert names == ["东苑", "南苑"]


class TestGridScoping:
    async def test_grid_worker_sees_and_edits_only_assigned_buildings(
        self, client: httpx.AsyncClient, stack: Stack, tree: CommunityTree, staff: dict[str, str]
    ) -> None:
        subject, grid = await grid_worker(client, stack, tree.community_id)
        assert (await client.get(HOUSEHOLDS, headers=grid)).json()["total"] == 0
        assert (await client.get("/api/v1/people", headers=grid)).json()["total"] == 0
        one = f"{HOUSEHOLDS}/{tree.household_ids[0]}"
        assert (await client.get(one, headers=grid)).status_code == 404
        assert (
            await client.patch(one, headers=grid, json={"contact_phone": "13900002222"})
        ).status_code == 404

        assigned = await client.put(
            f"/api/v1/assignments/{subject}",
            headers=staff,
            json={"community_id": str(tree.community_id), "building_ids": [str(tree.building_id)]},
        )
        assert assigned.status_code == 200, assigned.text
        assert (await client.get(HOUSEHOLDS, headers=grid)).json()["total"] == 2
        assert (await client.get("/api/v1/people", headers=grid)).json()["total"] == 2
        assert (await client.get(one, headers=grid)).status_code == 200
        edited = await client.patch(one, headers=grid, json={"contact_phone": "13900002222"})
        assert edited.json()["contact_phone"] == "139****2222"
        mine = (await client.get("/api/v1/assignments", headers=grid)).json()
        assert [a["building_name"] for a in mine] == ["1栋"]

    async def test_other_buildings_stay_hidden(
        self, client: httpx.AsyncClient, stack: Stack, tree: CommunityTree, staff: dict[str, str]
    ) -> None:
        subject, grid = await grid_worker(client, stack, tree.community_id)
        other_building = await make_building(stack, tree.community_id, "2栋")
        await assign(stack, subject, tree.community_id, [other_building])
        body = {"building_id": str(other_building), "floor": 1, "room": "101"}
        created = (await client.post(HOUSEHOLDS, headers=staff, json=body)).json()
        listed = (await client.get(HOUSEHOLDS, headers=grid)).json()
        assert [h["id"] for h in listed["items"]] == [created["id"]]
        person = {"household_id": str(tree.household_ids[0]), "name": "王五"}
        assert (await client.post("/api/v1/people", headers=grid, json=person)).status_code == 404
        person["household_id"] = created["id"]
        assert (await client.post("/api/v1/people", headers=grid, json=person)).status_code == 201

    async def test_only_staff_assign_and_only_buildings_of_the_community(
        self, client: httpx.AsyncClient, stack: Stack, tree: CommunityTree, staff: dict[str, str]
    ) -> None:
        subject, grid = await grid_worker(client, stack, tree.community_id)
        body = {"community_id": str(tree.community_id), "building_ids": [str(tree.building_id)]}
        url = f"/api/v1/assignments/{subject}"
        assert (await client.put(url, headers=grid, json=body)).status_code == 403
        other = await make_community(stack, "乙社区", households=0)
        foreign = {"community_id": str(tree.community_id), "building_ids": [str(other.building_id)]}
        assert (await client.put(url, headers=staff, json=foreign)).status_code == 422
        elsewhere = {"community_id": str(other.community_id), "building_ids": []}
        assert (await client.put(url, headers=staff, json=elsewhere)).status_code == 404
