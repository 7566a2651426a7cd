"""Entity tags and `If-None-Match` (RFC 9110 §13.1.2), for the service that makes a tag and the
gateway that answers 304 from one it was given."""

from __future__ import annotations


def opaque(tag: str) -> str:
    """The tag without its weakness mark: `W/"a"` and `"a"` compare equal (weak comparison)."""
    tag = tag.strip()
    return tag[2:] if tag.startswith("W/") else tag


def none_match(if_none_match: str | None, etag: str) -> bool:
    """True when `If-None-Match` names `etag` (or is `*`): answer 304 Not Modified."""
    if not if_none_match:
        return False
    wanted = opaque(etag)
    return any(t.strip() == "*" or opaque(t) == wanted for t in if_none_match.split(","))
