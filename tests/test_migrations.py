"""Each service's migrations, run to head, produce exactly what its models declare; and they can
be walked down and up again."""

from __future__ import annotations

from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import MetaData
from sqlalchemy.engine import Connection

from gateway.models import Base as GatewayBase
from registry.models import Base as RegistryBase
from shouhu_common.database import make_engine
from shouhu_common.migrations import alembic_config
from supplies.models import Base as SuppliesBase
from tests.databases import ALEMBIC_INI, SuiteDatabases

METADATA: dict[str, MetaData] = {
    "registry": RegistryBase.metadata,
    "supplies": SuppliesBase.metadata,
    "gateway": GatewayBase.metadata,
}


def _diff(connection: Connection, metadata: MetaData) -> list[Any]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, metadata))


@pytest.mark.parametrize("service", sorted(METADATA))
async def test_models_match_migrations(databases: SuiteDatabases, service: str) -> None:
    engine = make_engine(databases.urls[service])
    try:
        async with engine.connect() as conn:
            diff = await conn.run_sync(_diff, METADATA[service])
    finally:
        await engine.dispose()
    assert diff == [], f"{service}: models and migrations disagree; add a migration"


@pytest.mark.parametrize("service", sorted(METADATA))
def test_migrations_are_reversible(tmp_path_factory: pytest.TempPathFactory, service: str) -> None:
    dbs = SuiteDatabases(tmp_path_factory.mktemp(f"down-{service}"), f"down{service[:3]}")
    try:
        config = alembic_config(ALEMBIC_INI[service], dbs.urls[service])
        command.downgrade(config, "base")
        command.upgrade(config, "head")
    finally:
        dbs.drop()
