"""deploy/backup/backup.sh, the compose backup service's script, run for real against the test
PostgreSQL server: one round dumps each database, old dumps go, and a dump restores."""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import asyncpg
import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "deploy" / "backup" / "backup.sh"


def admin_url() -> str:
    url = os.environ.get("SHOUHU_TEST_POSTGRES_URL", "")
    if not url or not shutil.which("pg_dump"):
        message = "needs SHOUHU_TEST_POSTGRES_URL and pg_dump (postgresql-client)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return url.replace("postgresql+asyncpg://", "postgresql://")


async def execute(url: str, *statements: str) -> list[asyncpg.Record]:
    conn = await asyncpg.connect(url)
    try:
        rows: list[asyncpg.Record] = []
        for statement in statements:
            rows = await conn.fetch(statement)
        return rows
    finally:
        await conn.close()


def test_one_round_dumps_prunes_and_restores(tmp_path: Path) -> None:
    url = admin_url()
    parts = urlsplit(url)
    base = url.rsplit("/", 1)[0]
    source, restored = (
        f"shouhu_t_backup_{uuid.uuid4().hex[:8]}",
        f"shouhu_t_restore_{uuid.uuid4().hex[:8]}",
    )
    asyncio.run(execute(url, f'CREATE DATABASE "{source}"', f'CREATE DATABASE "{restored}"'))
    try:
        asyncio.run(
            execute(
                f"{base}/{source}",
                "CREATE TABLE household (code text PRIMARY KEY)",
                "INSERT INTO household VALUES ('FL00007'), ('FL00042')",
            )
        )
        old = tmp_path / "registry-20200101-030000.dump"
        old.write_bytes(b"an old dump")
        month_ago = time.time() - 30 * 86400
        os.utime(old, (month_ago, month_ago))
        env = {
            **os.environ,
            "PGHOST": parts.hostname or "127.0.0.1",
            "PGPORT": str(parts.port or 5432),
            "PGUSER": parts.username or "postgres",
            "PGPASSWORD": parts.password or "",
            "SHOUHU_BACKUP_DIR": str(tmp_path),
            "SHOUHU_BACKUP_KEEP_DAYS": "14",
            "SHOUHU_BACKUP_DATABASES": source,
        }
        result = subprocess.run(
            ["sh", str(SCRIPT), "once"], env=env, capture_output=True, text=True, check=False
        )
        assert result.returncode == 0, result.stderr
        dumps = sorted(tmp_path.glob("*.dump"))
        assert [d.name.startswith(f"{source}-") for d in dumps] == [True]
        assert not old.exists(), "a dump older than the kept days is still there"
        assert not list(tmp_path.glob("*.partial"))
        restore = subprocess.run(
            ["pg_restore", "--no-owner", "-d", restored, str(dumps[0])],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert restore.returncode == 0, restore.stderr
        rows = asyncio.run(execute(f"{base}/{restored}", "SELECT code FROM household ORDER BY 1"))
        assert [r["code"] for r in rows] == ["FL00007", "FL00042"]
        # A database that cannot be dumped fails the round and leaves no partial file.
        env["SHOUHU_BACKUP_DATABASES"] = f"{source}_missing"
        failed = subprocess.run(
            ["sh", str(SCRIPT), "once"], env=env, capture_output=True, text=True, check=False
        )
        assert failed.returncode == 1
        assert "FAILED" in failed.stderr
        assert not list(tmp_path.glob("*.partial"))
    finally:
        asyncio.run(
            execute(
                url, f'DROP DATABASE IF EXISTS "{source}"', f'DROP DATABASE IF EXISTS "{restored}"'
            )
        )
