"""Showing personal data in full (`reveal=true`): who may, and the reason the audit log records.

Every route that can reveal ID numbers or phones takes its `reveal` and `reason` through
`disclosure` (an export, always audited, through `export_disclosure`), so none can reveal without
a role that may see them or without a reason to write into the audit record.
`tests/registry/residents/test_disclosure.py` finds those routes in the published OpenAPI and
holds each of them to it.
"""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Query, Request

from shouhu_common.auth import current_principal
from shouhu_common.permissions import Permission, allows
from shouhu_common.problems import Forbidden, ProblemError

MIN_REASON = 2


class ReasonRequired(ProblemError):
    status, slug = 422, "reason-required"
    title_zh, title_en = "查看完整个人信息须填写事由", "A reason is required to see personal data"


@dataclass(frozen=True, slots=True)
class Disclosure:
    reveal: bool
    reason: str


async def disclosure(
    request: Request,
    reveal: bool = Query(
        False, description="Show ID numbers and phones in full (admin, staff); needs `reason`."
    ),
    reason: str = Query(
        "",
        max_length=200,
        description="Why the data is revealed, written to the audit log, e.g. 电话回访. "
        "Required with `reveal=true`.",
    ),
) -> Disclosure:
    return _checked(request, reveal, reason, reason_required=reveal)


async def export_disclosure(
    request: Request,
    reason: str = Query(
        max_length=200, description="Why, written to the audit log, e.g. 街道每日报送. Required."
    ),
    reveal: bool = Query(False, description="Export ID numbers and phones in full (admin, staff)."),
) -> Disclosure:
    return _checked(request, reveal, reason, reason_required=True)


def _checked(request: Request, reveal: bool, reason: str, *, reason_required: bool) -> Disclosure:
    reason = reason.strip()
    if reveal and not allows(current_principal(request).role, Permission.personal_data_full):
        raise Forbidden("this role may not see full ID numbers or phones")
    if reason_required and len(reason) < MIN_REASON:
        raise ReasonRequired("say why in `reason` (at least 2 characters); it is audited")
    return Disclosure(reveal, reason)
