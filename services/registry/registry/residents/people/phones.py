"""Chinese mobile numbers, stored in their 11-digit national form (`13800138000`).

phonenumbers decides validity (12345678901 is not a number; 010-12345678 is a landline, refused);
its verdict depends only on the leading digits, so it is cached per 7-digit prefix.
"""

from __future__ import annotations

import re
from functools import lru_cache

import phonenumbers
from phonenumbers import PhoneNumberType

from registry.text_fields import typed_number

_SEPARATORS = re.compile(r"[\s\-().]")
_PLAIN = re.compile(r"1\d{10}", re.ASCII)
_MOBILE_TYPES = {PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE}


@lru_cache(maxsize=4096)
def _mobile_prefix(prefix7: str) -> bool:
    number = phonenumbers.parse(prefix7 + "0000", "CN")
    return phonenumbers.is_valid_number(number) and (
        phonenumbers.number_type(number) in _MOBILE_TYPES
    )


def normalize_phone(value: str) -> str | None:
    """The 11-digit form of a Chinese mobile number, or None when `value` is not one."""
    text = _SEPARATORS.sub("", typed_number(value))
    if text.startswith("+86"):
        text = text[3:]
    elif text.startswith("0086"):
        text = text[4:]
    elif text.startswith("86") and len(text) == 13:
        text = text[2:]
    if not _PLAIN.fullmatch(text):
        return None
    return text if _mobile_prefix(text[:7]) else None


def phone_problem(value: str) -> str | None:
    """None when valid, else what is wrong, in Chinese."""
    return None if normalize_phone(value) else "手机号不是有效的中国大陆手机号码"
