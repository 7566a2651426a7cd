"""Free-text input types for what staff type on phones and laptops: trimmed, bounded, and without
control characters (PostgreSQL refuses a NUL byte, which would otherwise be a 500)."""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated

from pydantic import AfterValidator, StringConstraints

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_LINE_BREAKS = re.compile(r"[\r\n\t]")


def _no_control(value: str) -> str:
    if _CONTROL.search(value):
        raise ValueError("control characters are not allowed")
    return value


def _one_line(value: str) -> str:
    if _LINE_BREAKS.search(value):
        raise ValueError("must be a single line")
    return " ".join(value.split())  # runs of spaces count as one: "1栋  电梯" == "1栋 电梯"


# lengths go on the field: `title: OneLine = Field(min_length=1, max_length=100)`, checked after
# the surrounding whitespace is stripped
OneLine = Annotated[
    str,
    StringConstraints(strip_whitespace=True),
    AfterValidator(_no_control),
    AfterValidator(_one_line),
]
MultiLine = Annotated[str, StringConstraints(strip_whitespace=True), AfterValidator(_no_control)]


def typed_number(value: str) -> str:
    """A number as a person typed it (an ID number, a phone, a room), in the form its checks read:
    Unicode NFKC turns full-width digits (`１１０１０８…`, what Chinese input methods often give),
    superscripts and other compatibility forms into ASCII; surrounding spaces go."""
    return unicodedata.normalize("NFKC", value).strip()


def ascii_digits(value: str) -> bool:
    """Only 0-9 (`str.isdigit` also takes `²` and `٣`, which `int` then refuses or misreads)."""
    return value.isascii() and value.isdigit()
