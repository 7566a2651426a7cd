"""Supplies admin commands: `python -m supplies.cli migrate|seed-demo|reset-demo`, and
`create-partner --name N --kind K --community ID` (prints the partner as JSON; used by
`python -m gateway.cli create-partner`, which then issues the key)."""

from __future__ import annotations

import argparse
import asyncio
import sys
import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from shouhu_common.database import make_engine, make_sessionmaker
from shouhu_common.identity import Principal, Role
from shouhu_common.service_cli import service_main
from supplies import demo
from supplies.config import get_settings
from supplies.main import ALEMBIC_INI
from supplies.models import Base
from supplies.partners.models import PartnerKind
from supplies.partners.schemas import PartnerCreate, PartnerRead
from supplies.partners.service import register_partner


async def _load(session: AsyncSession) -> str:
    return f"demo partners loaded ({await demo.load_demo(session)})"


async def _create_partner(args: argparse.Namespace) -> str:
    data = PartnerCreate(
        community_id=uuid.UUID(args.community), name=args.name, kind=PartnerKind(args.kind)
    )
    admin = Principal(subject="cli", role=Role.admin)
    engine = make_engine(get_settings().database_url)
    try:
        async with make_sessionmaker(engine)() as session:
            partner = await register_partner(session, admin, data)
            return PartnerRead.model_validate(partner).model_dump_json()
    finally:
        await engine.dispose()


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "create-partner":
        parser = argparse.ArgumentParser(prog="python -m supplies.cli create-partner")
        parser.add_argument("--name", required=True)
        parser.add_argument("--kind", required=True, choices=[k.value for k in PartnerKind])
        parser.add_argument("--community", required=True)
        print(asyncio.run(_create_partner(parser.parse_args(sys.argv[2:]))))
        return
    service_main(get_settings(), ALEMBIC_INI, Base.metadata, demo.is_loaded, _load)


if __name__ == "__main__":
    main()
