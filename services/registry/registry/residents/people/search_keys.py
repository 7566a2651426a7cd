"""Search keys of a name: character suffixes (substring search as a prefix search) and pinyin.

pypinyin's default reading is wrong for many surnames (曾 → ceng, not zeng; 单 → dan, not shan),
so every reading of every character is indexed (`heteronym=True`), per character rather than by
phrase (a phrase dictionary reads 单于 as chanyu only).
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import product

from pypinyin import Style, pinyin

MAX_KEY_LENGTH = 64
MAX_READINGS = 16  # all combinations up to this many, else one changed character at a time
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_NOT_ALNUM = re.compile(r"[^0-9a-z]")


def has_chinese(text: str) -> bool:
    return _CJK.search(text) is not None


@lru_cache(maxsize=20_000)
def _readings(char: str) -> tuple[str, ...]:
    """Every reading of one character, `ü` spelled both `v` and `u` as people type it."""
    if not _CJK.match(char):
        plain = _NOT_ALNUM.sub("", char.lower())
        return (plain,) if plain else ()
    found: list[str] = []
    for reading in pinyin(char, style=Style.NORMAL, heteronym=True, errors="ignore")[0]:
        for spelling in (reading, reading.replace("v", "u")):
            if spelling and spelling not in found:
                found.append(spelling)
    return tuple(found)


@lru_cache(maxsize=100_000)  # names repeat: an import of 100,000 people has far fewer distinct
def search_keys(name: str) -> tuple[str, ...]:
    """All keys of `name`, deduplicated, in a stable order."""
    name = "".join(name.split())
    keys: dict[str, None] = {}
    for start in range(len(name)):
        suffix = name[start:]
        if has_chinese(suffix[0]):
            keys[suffix[:MAX_KEY_LENGTH]] = None
    per_char = [r for r in (_readings(c) for c in name) if r]
    if not has_chinese(name) and name:
        keys[_NOT_ALNUM.sub("", name.lower())[:MAX_KEY_LENGTH]] = None
    for combo in _combinations(per_char):
        keys["".join(combo)[:MAX_KEY_LENGTH]] = None
    initials = [tuple(dict.fromkeys(r[0] for r in rs)) for rs in per_char]
    for combo in _combinations(initials):
        keys["".join(combo)[:MAX_KEY_LENGTH]] = None
    keys.pop("", None)
    return tuple(keys)


def _combinations(options: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """Every combination when there are few; else the default reading with one character
    changed at a time (a wrong surname reading is the common case), so keys stay bounded."""
    total = 1
    for choices in options:
        total *= len(choices)
    if total <= MAX_READINGS:
        return list(product(*options))
    default = tuple(choices[0] for choices in options)
    out = [default]
    for position, choices in enumerate(options):
        for other in choices[1:]:
            out.append(default[:position] + (other,) + default[position + 1 :])
    return out


def query_key(text: str) -> str:
    """What a typed query is compared with: Chinese as typed, letters lower-cased."""
    text = "".join(text.split())
    return text if has_chinese(text) else _NOT_ALNUM.sub("", text.lower())
