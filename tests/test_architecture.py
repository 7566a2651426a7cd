"""House rules that code review forgets: no Python import crosses services, shouhu_common imports
none of them, no source file grows past 400 lines, and no route runs a plain `def` dependency."""

from __future__ import annotations

import ast
import inspect
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = {
    "registry": ROOT / "services/registry/registry",
    "supplies": ROOT / "services/supplies/supplies",
    "gateway": ROOT / "services/gateway/gateway",
    "shouhu_common": ROOT / "services/common/shouhu_common",
}
MAX_LINES = 400


def imported_packages(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package", sorted(PACKAGES))
def test_no_import_crosses_services(package: str) -> None:
    allowed = {package, "shouhu_common"} if package != "shouhu_common" else {"shouhu_common"}
    forbidden = set(PACKAGES) - allowed
    offenders = {
        str(path.relative_to(ROOT)): sorted(imported_packages(path) & forbidden)
        for path in PACKAGES[package].rglob("*.py")
        if imported_packages(path) & forbidden
    }
    assert offenders == {}


def test_no_file_over_400_lines() -> None:
    sources = [
        *ROOT.glob("services/**/*.py"),
        *ROOT.glob("tests/**/*.py"),
        *ROOT.glob("benchmarks/**/*.py"),
        *ROOT.glob("scripts/**/*.py"),
    ]
    long_files = {
        str(p.relative_to(ROOT)): n
        for p in sources
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long_files == {}


def _routes(routes: list[Any]) -> Iterator[APIRoute]:
    for route in routes:
        if isinstance(route, APIRoute):
            yield route
        elif hasattr(route, "original_router"):  # an included router (FastAPI ≥ 0.160)
            yield from _routes(route.original_router.routes)
        elif hasattr(route, "routes"):
            yield from _routes(route.routes)


def _sync_dependencies(dependant: Any) -> Iterator[str]:
    for sub in dependant.dependencies:
        call = sub.call
        if call is not None and not inspect.isclass(call):
            if not (inspect.iscoroutinefunction(call) or inspect.isasyncgenfunction(call)):
                yield f"{call.__module__}.{call.__qualname__}"
        yield from _sync_dependencies(sub)


def _apps() -> dict[str, FastAPI]:
    from gateway.main import create_app as gateway_app
    from registry.main import create_app as registry_app
    from supplies.main import create_app as supplies_app

    return {"registry": registry_app(), "supplies": supplies_app(), "gateway": gateway_app()}


def test_no_route_runs_a_sync_dependency() -> None:
    """FastAPI runs a plain `def` dependency in its thread pool: a thread hop on every request,
    a tenth of the CPU of a household read. Dependencies are `async def` even if they await
    nothing."""
    offenders = {
        f"{name} {route.path}": sorted(set(_sync_dependencies(route.dependant)))
        for name, app in _apps().items()
        for route in _routes(app.routes)
        if any(_sync_dependencies(route.dependant))
    }
    routes = sum(1 for app in _apps().values() for _ in _routes(app.routes))
    assert routes > 150  # the walk reached the included routers
    assert offenders == {}


# The registry's bounded contexts and the contexts each may import (docs/architecture.md). The
# service's shell (config, database, dependencies, events, printing, text_fields) imports none;
# main, models, cli and wiring assemble them all.
REGISTRY_CONTEXTS: dict[str, set[str]] = {
    "residents": set(),
    "health": {"residents"},
    "access": {"residents", "health"},
    "operations": {"residents", "access"},
    "oversight": {"residents", "health", "access", "operations"},
    "demo": {"residents", "health", "access", "operations", "oversight"},
}
REGISTRY_ASSEMBLY = {"main.py", "models.py", "cli.py", "wiring.py"}


def _registry_contexts_imported(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    modules: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            modules.append(node.module)
            modules.extend(f"{node.module}.{alias.name}" for alias in node.names)
    return {
        parts[1]
        for parts in (m.split(".") for m in modules)
        if len(parts) > 1 and parts[0] == "registry" and parts[1] in REGISTRY_CONTEXTS
    }


def test_registry_contexts_import_only_their_edges() -> None:
    registry = PACKAGES["registry"]
    offenders: dict[str, list[str]] = {}
    for path in registry.rglob("*.py"):
        relative = path.relative_to(registry)
        if len(relative.parts) == 1:
            allowed = set(REGISTRY_CONTEXTS) if relative.name in REGISTRY_ASSEMBLY else set()
        else:
            context = relative.parts[0]
            assert context in REGISTRY_CONTEXTS, f"{relative}: a folder outside the contexts"
            allowed = REGISTRY_CONTEXTS[context] | {context}
        if bad := _registry_contexts_imported(path) - allowed:
            offenders[str(relative)] = sorted(bad)
    assert offenders == {}
