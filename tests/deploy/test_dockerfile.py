"""The Dockerfile's stages, run outside Docker (no engine here): the build context is the tracked
files minus .dockerignore, copied to a temporary folder; the Node stage's build runs there (the
repository's node_modules stands in for `npm ci`, whose lock is checked against package.json);
the Python stage's dependency install is resolved against the lock with `pip --dry-run`, the
project is installed with --no-deps into a temporary target, and the image's import check runs
on it. What only Docker does (the base images, apt-get, the user) is read, not run."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pytest

from gateway.config import GatewaySettings

ROOT = Path(__file__).resolve().parents[2]
FRONTEND_MODULES = ROOT / "frontend" / "node_modules"


@dataclass
class Stage:
    base: str
    name: str
    workdir: str = "/"
    instructions: list[tuple[str, str]] = field(default_factory=list)

    def arguments(self, word: str) -> list[str]:
        return [args for instruction, args in self.instructions if instruction == word]


def stages() -> list[Stage]:
    text = re.sub(r"\\\n", " ", (ROOT / "Dockerfile").read_text())
    parsed: list[Stage] = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        word, _, args = line.strip().partition(" ")
        word, args = word.upper(), args.strip()
        if word == "FROM":
            parts = args.split()
            name = parts[parts.index("AS") + 1] if "AS" in parts else str(len(parsed))
            parsed.append(Stage(base=parts[0], name=name))
            continue
        if word == "WORKDIR":
            parsed[-1].workdir = args
        parsed[-1].instructions.append((word, args))
    return parsed


def ignore_patterns() -> list[re.Pattern[str]]:
    patterns = []
    for line in (ROOT / ".dockerignore").read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        assert not line.startswith("!"), "exceptions are not handled by this test's matcher"
        regex = ""
        for part in re.split(r"(\*\*/|\*\*|\*|\?)", line.strip("/")):
            regex += {"**/": "(.*/)?", "**": ".*", "*": "[^/]*", "?": "[^/]"}.get(
                part, re.escape(part)
            )
        patterns.append(re.compile(regex + r"\Z"))
    return patterns


def ignored(path: str) -> bool:
    """Docker leaves out a path when it or any folder above it matches a pattern."""
    parts = path.split("/")
    prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    return any(p.match(prefix) for p in ignore_patterns() for prefix in prefixes)


@cache
def context_files() -> tuple[str, ...]:
    tracked = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split("\0")
    return tuple(f for f in tracked if f and not ignored(f) and (ROOT / f).exists())


@pytest.fixture(scope="module")
def context(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The build context Docker would send: tracked files minus .dockerignore."""
    folder = tmp_path_factory.mktemp("context")
    for name in context_files():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, folder / name)
    return folder


def copy_sources(stage: Stage) -> list[str]:
    sources = []
    for args in stage.arguments("COPY"):
        if args.startswith("--from"):
            continue
        sources += [s.rstrip("/") for s in args.split()[:-1] if not s.startswith("--")]
    return sources


class TestBuildContext:
    def test_what_the_stages_copy_exists_and_is_not_ignored(self) -> None:
        files = context_files()
        for stage in stages():
            for source in copy_sources(stage):
                assert (ROOT / source).exists(), f"COPY {source}: no such file"
                assert not ignored(source), f"COPY {source}: left out by .dockerignore"
                assert any(f == source or f.startswith(source + "/") for f in files), source

    def test_the_context_keeps_local_state_and_secrets_out(self) -> None:
        for path in (
            ".env",
            "frontend/node_modules/vite/package.json",
            "frontend/dist/index.html",
            "data/registry.db",
            ".venv/bin/python",
            ".git/HEAD",
        ):
            assert ignored(path), f"{path} would be sent to the Docker daemon"
        for path in ("frontend/src/main.tsx", "services/registry/alembic.ini", "pyproject.toml"):
            assert not ignored(path), path


class TestNodeStage:
    def test_npm_ci_would_accept_the_lock(self) -> None:
        stage = next(s for s in stages() if s.name == "frontend")
        assert stage.base.startswith("node:")
        assert "npm ci --no-audit --no-fund" in stage.arguments("RUN")
        package = json.loads((ROOT / "frontend" / "package.json").read_text())
        lock = json.loads((ROOT / "frontend" / "package-lock.json").read_text())
        root = lock["packages"][""]
        for kind in ("dependencies", "devDependencies"):
            assert root.get(kind, {}) == package.get(kind, {}), f"package-lock.json: {kind}"

    def test_the_build_makes_a_pwa_without_inline_script(self, context: Path) -> None:
        if not (FRONTEND_MODULES / ".bin" / "vite").exists():
            message = "frontend/node_modules is missing: `make frontend` (npm ci)"
            if os.environ.get("CI"):
                pytest.fail(message)
            pytest.skip(message)
        stage = next(s for s in stages() if s.name == "frontend")
        frontend = context / "frontend"
        (frontend / "node_modules").symlink_to(FRONTEND_MODULES)
        for command in stage.arguments("RUN"):
            if command.startswith("npm ci"):
                continue  # the symlink above stands in for it
            result = subprocess.run(
                command, shell=True, cwd=frontend, capture_output=True, text=True, check=False
            )
            assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
        dist = frontend / "dist"
        index = (dist / "index.html").read_text()
        assert (dist / "sw.js").is_file()
        assert (dist / "manifest.webmanifest").is_file()
        # The CSP (deploy/caddy/Caddyfile) allows scripts from the origin only.
        for tag in re.findall(r"<script\b[^>]*>", index):
            assert re.search(r'\bsrc="/', tag), f"inline script in index.html: {tag}"
        assert "registerSW" not in index

    def test_the_python_stage_puts_dist_where_the_gateway_serves_it(self) -> None:
        final = stages()[-1]
        assert final.workdir == "/app"
        assert "--from=frontend /frontend/dist ./frontend/dist" in final.arguments("COPY")
        default = GatewaySettings.model_fields["frontend_dir"].default
        assert default == ROOT / "frontend" / "dist"  # REPO_ROOT is /app in the image


class TestPythonStage:
    def test_dependencies_resolve_against_the_lock(self, context: Path) -> None:
        final = stages()[-1]
        install = next(c for c in final.arguments("RUN") if "requirements.lock -r" in c)
        # The stage's own one-liner lists the dependencies from pyproject.toml.
        listing = re.search(r"python -c (\"[^\"]+\")", install)
        assert listing
        requirements = subprocess.run(
            [sys.executable, "-c", shlex.split(listing.group(1))[0]],
            cwd=context,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        (context / "requirements.txt").write_text(requirements)
        assert "fastapi" in requirements
        result = subprocess.run(
            [sys.executable, "-m", "pip", "install", "--dry-run", "-q"]
            + ["-c", "requirements.lock", "-r", "requirements.txt"],
            cwd=context,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]

    def test_the_project_installs_and_imports_from_the_context(
        self, context: Path, tmp_path: Path
    ) -> None:
        final = stages()[-1]
        assert any(
            "pip install --no-deps -c requirements.lock -e ." in c for c in final.arguments("RUN")
        )
        target = tmp_path / "target"
        install = subprocess.run(
            [sys.executable, "-m", "pip", "install", "-q", "--no-deps"]
            + ["-c", "requirements.lock", "--target", str(target), "."],
            cwd=context,
            capture_output=True,
            text=True,
            check=False,
        )
        assert install.returncode == 0, install.stdout[-3000:] + install.stderr[-3000:]
        # The image's own check, on the packages from the context (the editable install points
        # at services/ in place, so the alembic.ini files and migrations must be there).
        env = {**os.environ, "PYTHONPATH": str(target)}
        check = subprocess.run(
            [sys.executable, "-c", "import registry.main, supplies.main, gateway.main"],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert check.returncode == 0, check.stderr[-3000:]
        for name in ("registry", "supplies", "gateway"):
            assert (context / "services" / name / "alembic.ini").is_file()
            assert (context / "services" / name / "migrations").is_dir()

    def test_the_image_runs_as_a_numeric_non_root_user(self) -> None:
        final = stages()[-1]
        users = final.arguments("USER")
        assert users
        assert users[-1] == "10001:10001"
        assert any("fonts-noto-cjk" in c for c in final.arguments("RUN"))
