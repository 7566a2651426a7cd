"""RFC 9457 problem details: one error base, one handler set, titles in zh-CN or en.

Each domain subclasses `ProblemError` in its own `errors.py` with a stable `type` slug and a
title in both languages. The handlers here turn every 4xx/5xx of an app into
`application/problem+json`. Whatever a problem carries besides its detail travels in the one
`ProblemError`: field errors (`errors`), RFC 9457 extension members such as a full round's
`next_round` or the reference price a price broke (keyword arguments), and response headers such
as `Retry-After`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

import structlog
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as SQLAlchemyTimeoutError
from starlette.exceptions import HTTPException as StarletteHTTPException

PROBLEM_JSON = "application/problem+json"
TYPE_BASE = "/problems/"

log = structlog.get_logger("shouhu.problems")


def prefers_english(accept_language: str | None) -> bool:
    """zh-CN is the default; English only when the caller ranks it above Chinese."""
    if not accept_language:
        return False
    best_lang, best_q = "zh", -1.0
    for part in accept_language.split(","):
        pieces = part.strip().split(";")
        lang = pieces[0].strip().lower()
        q = 1.0
        for p in pieces[1:]:
            if p.strip().startswith("q="):
                try:
                    q = float(p.strip()[2:])
                except ValueError:
                    q = 0.0
        if lang[:2] in ("zh", "en") and q > best_q:
            best_lang, best_q = lang[:2], q
    return best_lang == "en"


class FieldError(BaseModel):
    field: str = Field(description="Dotted path of the offending field, e.g. `body.phone`.")
    message: str


class Problem(BaseModel):
    """The problem+json body every error uses (RFC 9457); a problem type may add extension
    members, documented on the route that answers it."""

    model_config = ConfigDict(extra="allow")

    type: str
    title: str
    status: int
    detail: str | None = None
    instance: str | None = None
    errors: list[FieldError] | None = None
    request_id: str | None = None


_STANDARD_MEMBERS = frozenset(Problem.model_fields)


class ProblemError(Exception):
    """Base of every domain error: it carries its HTTP status and stable type slug."""

    status: ClassVar[int] = 400
    slug: ClassVar[str] = "bad-request"
    title_zh: ClassVar[str] = "请求有误"
    title_en: ClassVar[str] = "Bad request"

    def __init__(
        self,
        detail: str | None = None,
        *,
        errors: list[FieldError] | None = None,
        headers: Mapping[str, str] | None = None,
        **extensions: Any,
    ) -> None:
        super().__init__(detail or self.title_en)
        clash = _STANDARD_MEMBERS.intersection(extensions)
        if clash:
            raise TypeError(f"extension members may not replace {sorted(clash)}")
        self.detail = detail
        self.errors = errors
        self.headers = dict(headers or {})
        self.extensions = extensions

    def title(self, english: bool) -> str:
        return self.title_en if english else self.title_zh


class NotAuthenticated(ProblemError):
    status, slug = 401, "not-authenticated"
    title_zh, title_en = "未登录或凭证无效", "Not authenticated"


class Forbidden(ProblemError):
    status, slug = 403, "forbidden"
    title_zh, title_en = "无权执行此操作", "Not allowed"


class NotFound(ProblemError):
    status, slug = 404, "not-found"
    title_zh, title_en = "未找到", "Not found"


class Conflict(ProblemError):
    status, slug = 409, "conflict"
    title_zh, title_en = "与当前状态冲突", "Conflict with the current state"


class PayloadTooLarge(ProblemError):
    status, slug = 413, "payload-too-large"
    title_zh, title_en = "请求内容过大", "Request body too large"


class RateLimited(ProblemError):
    status, slug = 429, "rate-limited"
    title_zh, title_en = "请求过于频繁，请稍后再试", "Too many requests, try again later"

    def __init__(self, detail: str, *, retry_after: int) -> None:
        super().__init__(detail, headers={"Retry-After": str(retry_after)})
        self.retry_after = retry_after


class UpstreamUnavailable(ProblemError):
    status, slug = 503, "upstream-unavailable"
    title_zh, title_en = "后端服务暂不可用", "A backend service is unavailable"


class UpstreamTimeout(ProblemError):
    status, slug = 504, "upstream-timeout"
    title_zh, title_en = "后端服务响应超时", "A backend service timed out"


_STATUS_TITLES: dict[int, tuple[str, str, str]] = {
    400: ("bad-request", "请求有误", "Bad request"),
    401: ("not-authenticated", "未登录或凭证无效", "Not authenticated"),
    403: ("forbidden", "无权执行此操作", "Not allowed"),
    404: ("not-found", "未找到", "Not found"),
    405: ("method-not-allowed", "不支持此请求方法", "Method not allowed"),
    406: ("not-acceptable", "无法提供所需格式", "Not acceptable"),
    408: ("request-timeout", "请求发送超时", "The request body was not sent in time"),
    413: ("payload-too-large", "请求内容过大", "Request body too large"),
    415: ("unsupported-media-type", "不支持的内容类型", "Unsupported media type"),
    422: ("validation-error", "提交的数据有误", "Invalid input"),
    429: ("rate-limited", "请求过于频繁，请稍后再试", "Too many requests, try again later"),
    500: ("internal-error", "服务器内部错误", "Internal server error"),
}


def status_titles(status: int) -> tuple[str, str, str]:
    """(slug, zh-CN title, English title) of an HTTP status without a problem class of its own."""
    return _STATUS_TITLES.get(status, ("http-error", "请求失败", "Request failed"))


def problem_response(
    request: Request,
    status: int,
    slug: str,
    title: str,
    detail: str | None = None,
    errors: list[FieldError] | None = None,
    headers: Mapping[str, str] | None = None,
    extensions: Mapping[str, Any] | None = None,
) -> JSONResponse:
    body = Problem(
        type=TYPE_BASE + slug,
        title=title,
        status=status,
        detail=detail,
        instance=request.url.path,
        errors=errors,
        request_id=request.scope.get("state", {}).get("request_id"),
    ).model_dump(exclude_none=True)
    body.update(extensions or {})  # extension members are sent even when null
    return JSONResponse(
        body,
        status_code=status,
        media_type=PROBLEM_JSON,
        headers=headers,
    )


def _english(request: Request) -> bool:
    return prefers_english(request.headers.get("accept-language"))


async def _problem_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ProblemError)
    headers = exc.headers
    if isinstance(exc, NotAuthenticated):
        headers = {"WWW-Authenticate": "Bearer", **headers}
    return problem_response(
        request,
        exc.status,
        exc.slug,
        exc.title(_english(request)),
        exc.detail,
        errors=exc.errors,
        headers=headers or None,
        extensions=exc.extensions,
    )


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    slug, zh, en = status_titles(exc.status_code)
    english = _english(request)
    detail = exc.detail if isinstance(exc.detail, str) and exc.detail not in (zh, en) else None
    return problem_response(
        request, exc.status_code, slug, en if english else zh, detail, headers=exc.headers
    )


def _field_path(loc: tuple[Any, ...] | list[Any]) -> str:
    return ".".join(str(p) for p in loc)


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [FieldError(field=_field_path(e["loc"]), message=e["msg"]) for e in exc.errors()]
    english = _english(request)
    return problem_response(
        request,
        422,
        "validation-error",
        "Invalid input" if english else "提交的数据有误",
        "; ".join(f"{e.field}: {e.message}" for e in errors[:5]),
        errors=errors,
    )


# SQLSTATE classes of a server that cannot serve the connection: 08 connection exception, 53
# insufficient resources (no connection slot left), 57P operator intervention (shutting down,
# starting up)
UNREACHABLE_SQLSTATES = ("08", "53", "57P")


def database_unreachable(exc: BaseException) -> bool:
    """The database could not be reached: the pool timed out, connecting failed (refused, no slot
    left, restarting) or the connection dropped. The client may retry; its client id or
    Idempotency-Key makes the retry the same write."""
    if isinstance(exc, SQLAlchemyTimeoutError | ConnectionError):  # pool timed out; refused, reset
        return True
    if not isinstance(exc, DBAPIError):
        return False
    if exc.connection_invalidated or isinstance(exc.orig, OSError):
        return True
    state = getattr(exc.orig, "sqlstate", None) or getattr(exc.orig, "pgcode", None)
    cause = exc.orig.__cause__ if exc.orig is not None else None
    return (isinstance(state, str) and state.startswith(UNREACHABLE_SQLSTATES)) or isinstance(
        cause, OSError
    )


async def _unhandled(request: Request, exc: Exception) -> JSONResponse:
    english = _english(request)
    if database_unreachable(exc):
        log.warning("database_unreachable", path=request.url.path, error=str(exc)[:200])
        return problem_response(
            request,
            503,
            "database-unavailable",
            "The database is unavailable, try again" if english else "数据库暂不可用，请稍后重试",
            headers={"Retry-After": "1"},
        )
    log.exception("unhandled_error", path=request.url.path, error=type(exc).__name__)
    return problem_response(
        request, 500, "internal-error", "Internal server error" if english else "服务器内部错误"
    )


def register_problem_handlers(app: FastAPI) -> None:
    app.add_exception_handler(ProblemError, _problem_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(Exception, _unhandled)


def problem_responses(*errors: type[ProblemError]) -> dict[int | str, dict[str, Any]]:
    """`responses=` for a route: documents each problem it may return in OpenAPI."""
    out: dict[int | str, dict[str, Any]] = {}
    for err in errors:
        entry = out.setdefault(
            err.status,
            {"model": Problem, "content": {PROBLEM_JSON: {}}, "description": err.title_en},
        )
        if err.title_en not in entry["description"]:
            entry["description"] += f" · {err.title_en}"
    return out
