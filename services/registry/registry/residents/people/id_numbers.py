"""Resident ID numbers (居民身份证号码), GB 11643: 17 digits, then a check character (0-9 or X)."""

from __future__ import annotations

from datetime import date

from registry.text_fields import ascii_digits, typed_number

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"


def check_character(first17: str) -> str:
    total = sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True))
    return _CHECK[total % 11]


def birth_date_of(id_number: str) -> date | None:
    try:
        return date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))
    except ValueError:
        return None


def id_number_problem(id_number: str) -> str | None:
    """None when valid, else what is wrong, in Chinese (the office reads these reports)."""
    value = normalize_id_number(id_number)
    if len(value) != 18:
        return "身份证号应为18位"
    if not ascii_digits(value[:17]) or not (ascii_digits(value[17]) or value[17] == "X"):
        return "身份证号只能包含数字，最后一位可以是X"
    if birth_date_of(value) is None:
        return "身份证号中的出生日期无效"
    if check_character(value[:17]) != value[17]:
        return "身份证号校验位错误"
    return None


def normalize_id_number(id_number: str) -> str:
    """Full-width or otherwise compatible digits as ASCII, `x` as `X` (text_fields.typed_number)."""
    return typed_number(id_number).upper()


def birth_date_problem(id_number: str, birth_date: date | None, today: date) -> str | None:
    """A valid ID number's birth date may not lie ahead or before 1900, and must equal the
    birth date given beside it."""
    born = birth_date_of(normalize_id_number(id_number))
    if born is None:
        return "身份证号中的出生日期无效"
    if born > today or born.year < 1900:
        return "身份证号中的出生日期不可能"
    if birth_date is not None and birth_date != born:
        return "出生日期与身份证号中的出生日期不一致"
    return None
