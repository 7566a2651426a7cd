"""GB 11643 check digit and birth date rules of resident ID numbers."""

from __future__ import annotations

import pytest

from registry.residents.people.id_numbers import check_character, id_number_problem
from shouhu_common.pii import mask_id_number, mask_phone


class TestIdNumberProblem:
    @pytest.mark.parametrize(
        "value", ["11010519491231002X", "11010519491231002x", "440524188001010014"]
    )
    def test_valid(self, value: str) -> None:
        assert id_number_problem(value) is None

    @pytest.mark.parametrize(
        ("value", "problem"),
        [
            ("110105194912310021", "身份证号校验位错误"),
            ("11010519491331002X", "身份证号中的出生日期无效"),
            ("1101051949123100", "身份证号应为18位"),
            ("11010519491231002Y", "身份证号只能包含数字，最后一位可以是X"),
        ],
    )
    def test_invalid(self, value: str, problem: str) -> None:
        assert id_number_problem(value) == problem

    def test_check_character_table(self) -> None:
        assert check_character("11010519491231002") == "X"


class TestMasking:
    def test_id_number(self) -> None:
        assert mask_id_number("370602198001011234") == "370602********1234"

    def test_phone(self) -> None:
        assert mask_phone("13812345678") == "138****5678"
