"""`<PREFIX>_DATABASE_READ_URL`: refused at start beside a SQLite primary, or when it is not a
PostgreSQL URL, or (production) with a placeholder password; unset, long reads use the primary."""

from __future__ import annotations

from pathlib import Path

import pytest

from registry.config import RegistrySettings
from shouhu_common.settings import ServiceSettings, load_settings
from supplies.config import SuppliesSettings
from tests.common.test_settings import PRODUCTION, UVICORN, refusal, start


class TestTheReadUrlSetting:
    def test_a_sqlite_primary_with_a_read_url_is_refused_at_start(self, tmp_path: Path) -> None:
        environment = {
            "REGISTRY_DATABASE_URL": f"sqlite:///{tmp_path / 'registry.db'}",
            "REGISTRY_DATABASE_READ_URL": "postgresql://reader:r3ad-only@replica:5432/registry",
        }
        _, stderr = start([*UVICORN, "registry.main:create_app"], environment, tmp_path)
        assert stderr.strip().splitlines() == [
            "shouhu: REGISTRY_DATABASE_READ_URL: a read replica needs a PostgreSQL primary; "
            "REGISTRY_DATABASE_URL is SQLite, so unset it"
        ]
        assert not list(tmp_path.iterdir())  # refused before touching anything

    @pytest.mark.parametrize(
        ("settings_cls", "environment", "line"),
        [
            (
                SuppliesSettings,  # the default database: a SQLite file
                {"SUPPLIES_DATABASE_READ_URL": "postgresql://reader:x@replica/supplies"},
                "SUPPLIES_DATABASE_READ_URL: a read replica needs a PostgreSQL primary; "
                "SUPPLIES_DATABASE_URL is SQLite, so unset it",
            ),
            (
                RegistrySettings,
                {
                    "REGISTRY_DATABASE_URL": "postgresql://shouhu:x@db/registry",
                    "REGISTRY_DATABASE_READ_URL": "sqlite:///copy.db",
                },
                "REGISTRY_DATABASE_READ_URL: is not a PostgreSQL URL "
                "(postgresql://user:password@host/db)",
            ),
            (
                SuppliesSettings,
                {
                    **PRODUCTION[SuppliesSettings],
                    "SUPPLIES_DATABASE_READ_URL": "postgresql://reader:change-me@replica/supplies",
                },
                "SUPPLIES_DATABASE_READ_URL: its password is a placeholder",
            ),
        ],
        ids=["sqlite-primary", "sqlite-replica", "production-password"],
    )
    def test_refused_with_one_line(
        self,
        environ: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str],
        settings_cls: type[ServiceSettings],
        environment: dict[str, str],
        line: str,
    ) -> None:
        for variable, value in environment.items():
            environ.setenv(variable, value)
        assert refusal(settings_cls, capsys) == [f"shouhu: {line}"]

    def test_unset_reads_the_primary_and_a_postgresql_primary_takes_one(
        self, environ: pytest.MonkeyPatch
    ) -> None:
        assert load_settings(RegistrySettings).database_read_url == ""
        environ.setenv("REGISTRY_DATABASE_URL", "postgresql://shouhu:x@db/registry")
        environ.setenv("REGISTRY_DATABASE_READ_URL", "postgresql://reader:x@replica/registry")
        assert load_settings(RegistrySettings).database_read_url.endswith("@replica/registry")
