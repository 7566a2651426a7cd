"""Sections of a composed view that may fail alone without failing the view."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import TypeVar

import structlog

from gateway.card.schemas import SectionUnavailable
from gateway.clients.base import UpstreamProblem
from shouhu_common.problems import ProblemError

T = TypeVar("T")
log = structlog.get_logger("gateway.card")


def _unreadable(english: bool) -> SectionUnavailable:
    title = "The service is unavailable" if english else "服务暂时不可用"
    return SectionUnavailable(type="/problems/upstream-error", title=title)


async def optional_section(call: Awaitable[T], english: bool = False) -> T | SectionUnavailable:
    """The section's value, or why it is missing (a peer's problem, a timeout, a dead peer, an
    answer the gateway cannot read)."""
    try:
        return await call
    except UpstreamProblem as exc:
        try:
            body = exc.response.json()
            return SectionUnavailable(type=str(body["type"]), title=str(body["title"]))
        except (ValueError, KeyError, TypeError):
            return _unreadable(english)
    except ProblemError as exc:
        return SectionUnavailable(type=f"/problems/{exc.slug}", title=exc.title(english))
    except (ValueError, KeyError, TypeError):  # pydantic's ValidationError is a ValueError
        log.exception("card_section_unreadable")
        return _unreadable(english)
