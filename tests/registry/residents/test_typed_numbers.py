"""ID numbers, phones and the numbers of an address as people type them: full-width digits from
a Chinese input method are read as the digits they are, anything else (superscripts included)
is refused with a clear reason, and no text whatever makes a parser raise."""

from __future__ import annotations

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from registry.residents.imports.rows import birth_date, building_name, room_and_floor, unit_number
from registry.residents.people.id_numbers import id_number_problem, normalize_id_number
from registry.residents.people.phones import normalize_phone, phone_problem
from tests.builders import CommunityTree, headers_for, make_community, valid_id_number
from tests.conftest import Stack
from tests.registry.residents.people_builders import HEADER, csv_bytes

FULL_WIDTH = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")
# digits, their full-width and superscript forms, other scripts' digits, and anything at all
TYPED = (
    st.text(alphabet=st.sampled_from("0123456789Xx０１２３４５６７８９²³¹٣৪-+ 　（）.栋单元室号"))
    | st.text()
)


@given(TYPED)
@settings(max_examples=500, deadline=None)
def test_no_typed_text_makes_a_parser_raise(value: str) -> None:
    problem = id_number_problem(value)
    assert problem is None or problem.startswith("身份证号")
    if problem is None:
        assert normalize_id_number(value).isascii()
    phone = normalize_phone(value)
    assert phone is None or (phone.isascii() and len(phone) == 11)
    assert phone_problem(value) is None or phone is None
    unit_number(value)
    room_and_floor(value)
    birth_date(value)
    building_name(value)


def test_full_width_numbers_read_as_ascii_and_superscripts_are_checked_like_digits() -> None:
    number = valid_id_number("19800101", 7)
    assert id_number_problem(number.translate(FULL_WIDTH)) is None
    assert normalize_id_number(number.translate(FULL_WIDTH)) == number
    assert normalize_phone("１３８ ００１３ ８０００") == "13800138000"
    superscript = number[:5] + "²" + number[6:]  # NFKC reads ² as 2: the check digit decides
    assert id_number_problem(superscript) in (None, "身份证号校验位错误")
    assert id_number_problem("11010８١٩٩٠٠١٠١١٢٣٤") == "身份证号只能包含数字，最后一位可以是X"
    assert unit_number("２单元") == 2
    assert room_and_floor("３０２室") == ("302", 3)


@pytest.fixture
async def tree(stack: Stack) -> CommunityTree:
    return await make_community(stack, households=1)


async def test_the_api_takes_full_width_and_refuses_other_digits_with_a_reason(
    client: httpx.AsyncClient, stack: Stack, tree: CommunityTree
) -> None:
    staff = await headers_for(client, stack, "staff", [tree.community_id])
    number = valid_id_number("19850505", 8)
    body = {"household_id": str(tree.household_ids[0]), "name": "李四", "relation": "配偶"}
    filed = await client.post(
        "/api/v1/people",
        headers=staff,
        json={**body, "id_number": number.translate(FULL_WIDTH), "phone": "１３９００１３９０００"},
    )
    assert filed.status_code == 201, filed.text
    arabic = number[:6] + "١٩٨٥" + number[10:]
    refused = await client.post(
        "/api/v1/people", headers=staff, json={**body, "name": "王五", "id_number": arabic}
    )
    assert refused.status_code == 422
    assert "身份证号只能包含数字" in refused.text
    assert "invalid literal" not in refused.text


async def test_an_import_with_odd_digits_reports_rows_instead_of_failing(
    client: httpx.AsyncClient, stack: Stack, tree: CommunityTree
) -> None:
    staff = await headers_for(client, stack, "staff", [tree.community_id])
    good = valid_id_number("19700101", 1)
    rows = [
        HEADER,
        ["东苑", "１栋", "１", "２０１", "全角", good.translate(FULL_WIDTH), "", "户主", ""],
        ["东苑", "1栋", "1", "201", "上标", good[:16] + "²" + good[17], "", "配偶", ""],
        ["东苑", "1栋", "1", "201", "阿拉伯", "١" + good[1:], "", "子女", ""],
    ]
    response = await client.post(
        "/api/v1/imports/people",
        headers=staff,
        files={"file": ("居民.csv", csv_bytes(rows))},
    )
    assert response.status_code == 200, response.text
    report = response.json()
    assert report["people_created"] == 1
    messages = {p["row"]: p["message"] for p in report["problems"]}
    assert set(messages) == {3, 4}
    assert all(m.startswith("身份证号") for m in messages.values())
