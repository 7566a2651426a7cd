"""Search keys of a name: character suffixes (substring search as a prefix search) and pinyin.

pypinyin's default reading is wrong for many surnames (曾 → ceng, not zeng; 单 → dan, not shan),
so every reading of every character is indexed (`heteronym=True`), per character rather than by
phrase (a phrase dictionary reads 单于 as chanyu only). Rare readings then match too (俊 can read
shun, 董 zhong, so `zs` finds 张俊 and 董帅): `match_rank` puts the names a query spells in their
common reading — each character's usual reading, a surname's reading as a surname — first.
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


# Surnames whose reading as a surname is not the character's usual one (曾 usually reads ceng).
SURNAME_READINGS = {
    "曾": "zeng", "单": "shan", "仇": "qiu", "区": "ou", "解": "xie", "查": "zha", "朴": "piao",
    "尉": "yu", "乐": "yue", "覃": "qin", "翟": "zhai", "缪": "miao", "盖": "ge", "种": "chong",
    "召": "shao", "员": "yun", "句": "gou", "秘": "bi", "隗": "wei", "冼": "xian", "折": "she",
    "祭": "zhai", "薄": "bo", "繁": "po", "相": "xiang", "长": "chang", "厍": "she", "能": "nai",
}  # fmt: skip


@lru_cache(maxsize=100_000)
def _common_keys(name: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The full-pinyin and initials spellings of `name` in its common readings."""
    name = "".join(name.split())
    options: list[tuple[str, ...]] = []
    for position, char in enumerate(name):
        readings = _readings(char)
        if not readings:
            continue
        usual = [readings[0]]
        if position == 0 and char in SURNAME_READINGS:
            usual.append(SURNAME_READINGS[char])
        options.append(tuple(usual))
    spelled = ["".join(combo) for combo in product(*options)] if options else []
    initials = ["".join(r[0] for r in combo) for combo in product(*options)] if options else []
    return tuple(spelled), tuple(initials)


def match_rank(name: str, key: str) -> int:
    """0: `key` (a `query_key`) is the start of the name, of its common full pinyin, or exactly
    its common initials; 1: the start of its common initials; 2: it matches only through a rare
    reading or in the middle of the name."""
    if has_chinese(key):
        return 0 if "".join(name.split()).startswith(key) else 2
    spelled, initials = _common_keys(name)
    if key in initials or any(s.startswith(key) for s in spelled):
        return 0
    if any(i.startswith(key) for i in initials):
        return 1
    return 2
