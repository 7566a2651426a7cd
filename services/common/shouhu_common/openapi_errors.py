"""The OpenAPI document says what each operation really answers when it fails.

FastAPI documents every operation's 422 as its own `HTTPValidationError` and knows nothing of
the problem+json bodies the handlers send, of who may call an operation, or of the errors every
operation can meet (401, 403, 429, 503 …). `describe_errors` rewrites an app's document: each
operation gets `x-permissions` (what its `require(...)` dependency asks) and responses for the
problems it can answer, all as `Problem` (application/problem+json, with `errors[{field,
message}]` for 422); the gateway's published document adds the roles and security schemes from
them. `tests/test_route_roles.py` checks that every error status observed on an operation is
declared on it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from fastapi import FastAPI
from fastapi import routing as fastapi_routing
from fastapi.dependencies.models import Dependant
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute

from shouhu_common.problems import PROBLEM_JSON, Problem

METHODS = ("get", "put", "post", "patch", "delete")
_PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}
GENERIC = {
    "401": "Not authenticated (no, a wrong or an ended credential)",
    "403": "Not allowed for the caller's role",
    "404": "Not found (or outside the caller's communities, grid or partner)",
    "422": "Invalid input: `errors` lists each field and what is wrong with it",
    "429": "Too many requests (`Retry-After`)",
}


def permissions_of(dependant: Dependant) -> list[str]:
    found: list[str] = []
    for sub in dependant.dependencies:
        found += [str(p) for p in getattr(sub.call, "permissions", ())]
        found += permissions_of(sub)
    return list(dict.fromkeys(found))


def _problem_content() -> dict[str, Any]:
    return {PROBLEM_JSON: {"schema": _PROBLEM_REF}}


def declare_problems(
    operation: dict[str, Any], *, takes_input: bool, has_ids: bool, open_: bool
) -> None:
    """Every failing status the operation can answer, each a Problem (its own declarations kept,
    their content made problem+json)."""
    responses: dict[str, Any] = operation.setdefault("responses", {})
    for status, response in responses.items():
        if status[:1] in ("4", "5"):
            response["content"] = _problem_content()
    wanted = ["429"] + ([] if open_ else ["401", "403"])
    if takes_input:
        wanted.append("422")
    if has_ids:
        wanted.append("404")
    for status in wanted:
        responses.setdefault(status, {"description": GENERIC[status]})
        responses[status]["content"] = _problem_content()


def describe_errors(
    app: FastAPI, document: dict[str, Any], open_operations: Iterable[tuple[str, str]] = ()
) -> None:
    opened = set(open_operations)
    routes: dict[tuple[str, str], Any] = {}
    # FastAPI keeps included routers as such in app.routes; walk them as its get_openapi does
    for context in fastapi_routing.iter_route_contexts(app.routes):
        if isinstance(context.original_route, APIRoute):
            route: Any = context
            for method in route.methods or ():
                routes[(route.path_format, method.lower())] = route
    for path, operations in document.get("paths", {}).items():
        for method, operation in operations.items():
            if method not in METHODS:
                continue
            route = routes.get((path, method))
            if route is not None:
                operation["x-permissions"] = permissions_of(route.dependant)
            parameters = operation.get("parameters", [])
            declare_problems(
                operation,
                takes_input=bool(parameters) or "requestBody" in operation,
                has_ids=any(p.get("in") == "path" for p in parameters),
                open_=(path, method) in opened,
            )
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    schemas.pop("HTTPValidationError", None)
    schemas.pop("ValidationError", None)
    schemas["Problem"] = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    schemas.update(schemas["Problem"].pop("$defs", {}))


def install(app: FastAPI, open_operations: Iterable[tuple[str, str]] = ()) -> None:
    """`app.openapi()` answers the described document (built once, as FastAPI does)."""
    opened = list(open_operations)

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            document = get_openapi(
                title=app.title,
                version=app.version,
                description=app.description,
                routes=app.routes,
            )
            describe_errors(app, document, opened)
            app.openapi_schema = document
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
