"""Age and the elderly flag (derived from the birth date, never stored)."""

from __future__ import annotations

from datetime import date

ELDERLY_AGE = 65


def age_on(birth: date | None, today: date) -> int | None:
    if birth is None:
        return None
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def is_elderly(birth: date | None, today: date) -> bool:
    age = age_on(birth, today)
    return age is not None and age >= ELDERLY_AGE
