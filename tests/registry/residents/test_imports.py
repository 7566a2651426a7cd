"""Spreadsheet import through the gateway: CSV (UTF-8 with BOM, GBK) and XLSX, a row-by-row
report in Chinese, upsert by ID number (twice = no change), dry run, and the upload limit."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from registry.residents.audit.models import AuditEvent
from registry.residents.communities.models import Building
from registry.residents.households.models import Household
from registry.residents.people.models import Person, PersonSearchKey
from tests.builders import CommunityTree, headers_for, make_community, valid_id_number
from tests.conftest import Stack
from tests.registry.residents.people_builders import HEADER, csv_bytes, xlsx_bytes

IMPORT = "/api/v1/imports/people"
SAMPLE = Path(__file__).resolve().parents[2] / "fixtures" / "people_sample.csv"


async def upload(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    content: bytes,
    filename: str = "居民.csv",
    **params: str,
) -> httpx.Response:
    return await client.post(
        IMPORT, headers=headers, params=params, files={"file": (filename, content)}
    )


async def counts(stack: Stack) -> tuple[int, int, int, int]:
    async with stack.registry.state.sessionmaker() as session:
        return tuple(  # type: ignore[return-value]
            [
                (await session.execute(select(func.count()).select_from(m))).scalar_one()
                for m in (Person, Household, Building, PersonSearchKey)
            ]
        )


@pytest.fixture
async def tree(stack: Stack) -> CommunityTree:
    return await make_community(stack, households=1)  # 东苑 1栋 1单元 101, one person


@pytest.fixture
async def staff(client: httpx.AsyncClient, stack: Stack, tree: CommunityTree) -> dict[str, str]:
    return await headers_for(client, stack, "staff", [tree.community_id])


class TestImport:
    async def test_sample_imports_and_twice_changes_nothing(
        self, client: httpx.AsyncClient, stack: Stack, tree: CommunityTree, staff: dict[str, str]
    ) -> None:
        first = await upload(client, staff, SAMPLE.read_bytes())
        assert first.status_code == 200, first.text
        report = first.json()
        assert report["problems"] == []
        assert (report["rows"], report["people_created"], report["people_updated"]) == (6, 6, 0)
        assert report["households_created"] == 3  # 1栋 1单元 101 exists already
        assert report["buildings_created"] == 1  # 2栋
        assert report["compounds_created"] == 0
        after_first = await counts(stack)
        second = (await upload(client, staff, SAMPLE.read_bytes())).json()
        assert (second["people_created"], second["people_updated"]) == (0, 0)
        assert second["people_unchanged"] == 6
        assert second["households_created"] == second["buildings_created"] == 0
        assert await counts(stack) == after_first
        found = await client.get("/api/v1/people", headers=staff, params={"q": "sxx"})
        assert [p["name"] for p in found.json()["items"]] == ["单雄信"]
        household = await client.get(
            "/api/v1/households", headers=staff, params={"building_id": str(tree.building_id)}
        )
        rooms = {h["room"]: h for h in household.json()["items"]}
        assert rooms["102"]["member_count"] == 2
        assert rooms["102"]["contact_phone"] == "138****8002"  # the head's phone

    async def test_upsert_updates_changed_rows(
        self, client: httpx.AsyncClient, stack: Stack, tree: CommunityTree, staff: dict[str, str]
    ) -> None:
        id_number = valid_id_number("19600101", 7)
        row = ["东苑", "1栋", "1", "101", "赵六", id_number, "13700137000", "配偶", ""]
        await upload(client, staff, csv_bytes([HEADER, row]))
        moved = ["东苑", "1栋", "1", "103", "赵六六", id_number, "13700137001", "户主", ""]
        report = (await upload(client, staff, csv_bytes([HEADER, moved]))).json()
        assert (report["people_created"], report["people_updated"]) == (0, 1)
        assert report["households_created"] == 1
        found = (await client.get("/api/v1/people", headers=staff, params={"q": "zll"})).json()
        assert found["items"][0]["address"].endswith("103")
        assert found["items"][0]["phone"] == "137****7001"
        assert (await client.get("/api/v1/people?q=赵六六", headers=staff)).json()["total"] == 1

    async def test_dry_run_writes_nothing(
        self, client: httpx.AsyncClient, stack: Stack, tree: CommunityTree, staff: dict[str, str]
    ) -> None:
        before = await counts(stack)
        response = await upload(client, staff, SAMPLE.read_bytes(), dry_run="true")
        report = response.json()
        assert report["dry_run"] is True
        assert report["people_created"] == 6
        assert report["households_created"] == 3
        assert await counts(stack) == before
        async with stack.registry.state.sessionmaker() as session:
            assert (await session.scalars(select(AuditEvent))).all() == []

    async def test_bad_rows_are_reported_and_good_rows_kept(
        self, client: httpx.AsyncClient, stack: Stack, tree: CommunityTree, staff: dict[str, str]
    ) -> None:
        good = valid_id_number("19700101", 1)
        room = ["东苑", "1栋", "1", "201"]
        rows = [
            ["社区居民登记表（2020年2月）"],  # a title row above the header
            HEADER,
            [*room, "好人", good, "13800000001", "户主", ""],
            [*room, "错校验", "110105194912310021", "", "配偶", ""],
            [*room, "", valid_id_number("19700102", 2), "", "子女", ""],
            [*room, "错手机", valid_id_number("19700103", 3), "12345", "子女", ""],
            [*room, "错生日", valid_id_number("19700104", 4), "", "子女", "1970-01-05"],
            [*room, "重复", good, "", "子女", ""],
            ["东苑", "1栋", "一", "201", "错关系", valid_id_number("19700106", 6), "", "邻居", ""],
            ["", "", "", "", "", "", "", "", ""],
        ]
        response = await upload(client, staff, csv_bytes(rows))
        report = response.json()
        assert (report["rows"], report["valid_rows"], report["invalid_rows"]) == (7, 1, 6)
        assert report["people_created"] == 1
        problems = {(p["row"], p["column"]): p["message"] for p in report["problems"]}
        assert problems == {
            (4, "身份证号"): "身份证号校验位错误",
            (5, "姓名"): "姓名不能为空",
            (6, "手机号"): "手机号不是有效的中国大陆手机号码",
            (7, "出生日期"): "出生日期与身份证号中的出生日期不一致",
            (8, "身份证号"): "与第3行的身份证号重复",
            (9, "与户主关系"): problems[(9, "与户主关系")],
        }
        assert "无法识别“邻居”" in problems[(9, "与户主关系")]

    async def test_gbk_csv_and_xlsx(
        self, client: httpx.AsyncClient, stack: Stack, tree: CommunityTree, staff: dict[str, str]
    ) -> None:
        row = [
            "东苑",
            "3号楼",
            "2单元",
            "502室",
            "欧阳娜娜",
            valid_id_number("19921212", 9),
            "",
            "户主",
            "",
        ]
        gbk = await upload(client, staff, csv_bytes([HEADER, row], "gbk"), filename="wps.csv")
        assert gbk.json()["people_created"] == 1, gbk.text
        number = valid_id_number("19451001", 10)
        sheet = [HEADER, ["东苑", "3栋", 2, 502, "欧阳锋", number, 13600136000.0, "父亲", 16711.0]]
        xlsx = await upload(client, staff, xlsx_bytes(sheet), filename="居民.xlsx")
        report = xlsx.json()
        assert report["problems"] == [], xlsx.text
        assert report["people_created"] == 1
        assert report["buildings_created"] == 0  # 3号楼 and 3栋 are one building
        found = (await client.get("/api/v1/people?q=oyf", headers=staff)).json()["items"]
        assert found[0]["birth_date"] == "1945-10-01"
        assert found[0]["relation"] == "父母"

    async def test_id_numbers_saved_as_numbers_are_explained(
        self, client: httpx.AsyncClient, tree: CommunityTree, staff: dict[str, str]
    ) -> None:
        sheet = [HEADER, ["东苑", "1栋", 1, 101, "数字", 370602197001010000.0, "", "户主", ""]]
        report = (await upload(client, staff, xlsx_bytes(sheet), filename="a.xlsx")).json()
        assert "存成了数字" in report["problems"][0]["message"]

    @pytest.mark.parametrize(
        ("content", "filename", "detail"),
        [
            (b"", "a.csv", "文件是空的"),
            (csv_bytes([["姓名", "手机号"], ["张三", ""]]), "a.csv", "缺少必填列"),
            (csv_bytes([["a", "b"], ["1", "2"]]), "a.csv", "找不到表头"),
            (b"PK\x03\x04broken", "a.xlsx", "无法读取"),
            (csv_bytes([HEADER]), "a.csv", "没有数据行"),
        ],
    )
    async def test_unreadable_files_are_a_problem(
        self,
        client: httpx.AsyncClient,
        staff: dict[str, str],
        content: bytes,
        filename: str,
        detail: str,
    ) -> None:
        response = await upload(client, staff, content, filename=filename)
        assert response.status_code == 422
        assert detail in response.json()["detail"]

    async def test_large_upload_passes_only_on_the_import_route(
        self, client: httpx.AsyncClient, stack: Stack, tree: CommunityTree, staff: dict[str, str]
    ) -> None:
        rows = [HEADER] + [
            ["东苑", "5栋", "1", f"{100 + n // 3}", "张三", valid_id_number("19800101", n % 1000,
             f"{110000 + n // 1000}"), "", "其他", ""]
            for n in range(20_000)
        ]  # fmt: skip
        content = csv_bytes(rows)
        assert len(content) > 1_048_576
        response = await upload(client, staff, content)
        assert response.status_code == 200, response.text[:300]
        assert response.json()["people_created"] == 20_000
        elsewhere = await client.post(
            "/api/v1/people", headers=staff, content=content, params={"x": "1"}
        )
        assert elsewhere.status_code == 413

    async def test_grid_workers_and_other_communities_cannot_import(
        self, client: httpx.AsyncClient, stack: Stack, tree: CommunityTree, staff: dict[str, str]
    ) -> None:
        grid = await headers_for(client, stack, "grid_worker", [tree.community_id])
        assert (await upload(client, grid, SAMPLE.read_bytes())).status_code == 403
        other = await make_community(stack, "乙社区", households=0)
        elsewhere = await upload(
            client, staff, SAMPLE.read_bytes(), community_id=str(other.community_id)
        )
        assert elsewhere.status_code == 404


class TestWhatTheImportMakes:
    async def test_a_misspelt_building_is_listed_with_its_rows_and_can_be_refused(
        self, client: httpx.AsyncClient, stack: Stack, tree: CommunityTree, staff: dict[str, str]
    ) -> None:
        rows = [
            HEADER,
            ["东苑", "1栋", "1", "101", "甲", valid_id_number("19700101", 11), "", "户主", ""],
            ["东苑", "1栋", "3", "301", "乙", valid_id_number("19700102", 12), "", "户主", ""],
            ["东苑", "l栋", "1", "102", "丙", valid_id_number("19700103", 13), "", "户主", ""],
            ["东苑", "l栋", "2", "202", "丁", valid_id_number("19700104", 14), "", "户主", ""],
        ]
        checked = (await upload(client, staff, csv_bytes(rows), dry_run="true")).json()
        assert checked["new_buildings"] == [
            {"compound": "东苑", "building": "l栋", "units": [1, 2], "rows": [4, 5], "row_count": 2}
        ]
        assert checked["new_units"] == [
            {"compound": "东苑", "building": "1栋", "unit": 3, "rows": [3], "row_count": 1}
        ]
        refused = await upload(client, staff, csv_bytes(rows), create_buildings="false")
        report = refused.json()
        assert report["buildings_created"] == 0
        assert report["new_buildings"] == []
        assert report["people_created"] == 2
        assert {(p["row"], p["column"]) for p in report["problems"]} == {(4, "楼栋"), (5, "楼栋")}
        assert "“l栋”不在本社区" in report["problems"][0]["message"]
        async with stack.registry.state.sessionmaker() as session:
            names = set(await session.scalars(select(Building.name)))
        assert "l栋" not in names

    async def test_values_in_columns_without_a_known_header_are_reported(
        self, client: httpx.AsyncClient, stack: Stack, tree: CommunityTree, staff: dict[str, str]
    ) -> None:
        rows = [
            [*HEADER, "", "备注栏"],
            ["东苑", "1栋", "1", "101", "甲", valid_id_number("19700101", 21), "", "户主", "",
             "过敏", ""],
            ["东苑", "1栋", "1", "101", "乙", valid_id_number("19700102", 22), "", "配偶", "",
             "", "需照顾"],
            ["东苑", "1栋", "1", "101", "丙", valid_id_number("19700103", 23), "", "子女", "",
             "", "", "多出"],
        ]  # fmt: skip
        report = (await upload(client, staff, csv_bytes(rows), dry_run="true")).json()
        assert report["ignored_columns"] == [
            {"column": "J", "header": "", "rows": [2], "row_count": 1},
            {"column": "K", "header": "备注栏", "rows": [3], "row_count": 1},
            {"column": "L", "header": "", "rows": [4], "row_count": 1},
        ]
        assert report["valid_rows"] == 3
