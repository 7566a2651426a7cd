"""Pass numbers: 8 digits typed by a gloved volunteer, the last a Luhn check digit so one wrong
or swapped digit is caught before the lookup."""

from __future__ import annotations

import secrets


def luhn_digit(digits: str) -> str:
    total = 0
    for i, char in enumerate(reversed(digits)):
        d = int(char)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def new_pass_number() -> str:
    body = f"{secrets.randbelow(9_000_000) + 1_000_000}"
    return body + luhn_digit(body)


def well_formed(number: str) -> bool:
    return len(number) == 8 and number.isdigit() and luhn_digit(number[:7]) == number[7]
