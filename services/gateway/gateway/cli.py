"""Gateway admin commands (`python -m gateway.cli --help`):

migrate | seed-demo | reset-demo      the gateway's own database
create-user USERNAME --role R --community ID [--password P]
create-partner --name N --kind supermarket|pharmacy --community ID
    registers the partner in the supplies service (through its own CLI, since services never
    import each other) and prints its API key once.
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import json
import subprocess
import sys
import uuid

from gateway import demo
from gateway.accounts.schemas import UserCreate
from gateway.accounts.service import create_user
from gateway.clients.supplies import PartnerRef
from gateway.config import get_settings
from gateway.main import ALEMBIC_INI
from gateway.models import Base
from gateway.partner_keys.service import issue_key
from shouhu_common.database import make_engine, make_sessionmaker
from shouhu_common.identity import Role
from shouhu_common.migrations import upgrade_head
from shouhu_common.service_cli import seed_demo


async def _create_user(args: argparse.Namespace) -> str:
    password = args.password or getpass.getpass("password: ")
    data = UserCreate(
        username=args.username,
        password=password,
        display_name=args.name or "",
        role=Role(args.role),
        community_ids=[uuid.UUID(c) for c in args.community],
    )
    engine = make_engine(get_settings().database_url)
    try:
        async with make_sessionmaker(engine)() as session:
            user = await create_user(session, data)
            return f"user {user.username} ({user.role}) created"
    finally:
        await engine.dispose()


async def _create_partner(args: argparse.Namespace) -> str:
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "supplies.cli",
            "create-partner",
            "--name",
            args.name,
            "--kind",
            args.kind,
            "--community",
            args.community,
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    created = json.loads(completed.stdout.strip().splitlines()[-1])
    partner = PartnerRef(
        id=created["id"], community_id=created["community_id"], name=created["name"]
    )
    engine = make_engine(get_settings().database_url)
    try:
        async with make_sessionmaker(engine)() as session:
            issued = await issue_key(session, partner, "cli")
    finally:
        await engine.dispose()
    return (
        f"partner {partner.name} created, id {partner.id}\n"
        f"API key (shown once, send as X-API-Key): {issued.api_key}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m gateway.cli")
    commands = parser.add_subparsers(dest="command", required=True)
    for name in ("migrate", "seed-demo", "reset-demo"):
        commands.add_parser(name)
    user = commands.add_parser("create-user")
    user.add_argument("username")
    user.add_argument(
        "--role",
        required=True,
        choices=["admin", "staff", "grid_worker", "gate_volunteer", "officer"],
    )
    user.add_argument("--community", action="append", default=[])
    user.add_argument("--name")
    user.add_argument("--password")
    partner = commands.add_parser("create-partner")
    partner.add_argument("--name", required=True)
    partner.add_argument("--kind", required=True, choices=["supermarket", "pharmacy"])
    partner.add_argument("--community", required=True)
    args = parser.parse_args()

    settings = get_settings()
    if args.command == "migrate":
        upgrade_head(ALEMBIC_INI, settings.database_url)
    elif args.command in ("seed-demo", "reset-demo"):
        print(
            asyncio.run(
                seed_demo(
                    settings,
                    Base.metadata,
                    demo.is_loaded,
                    demo.load_demo,
                    reset=args.command == "reset-demo",
                )
            )
        )
    elif args.command == "create-user":
        print(asyncio.run(_create_user(args)))
    else:
        print(asyncio.run(_create_partner(args)))


if __name__ == "__main__":
    main()
