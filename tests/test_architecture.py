"""House rules that code review forgets: no Python import crosses services, shouhu_common imports
none of them, and no source file grows past 400 lines."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

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
