"""Registry admin commands: `python -m registry.cli migrate|seed-demo|reset-demo`."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from registry import demo
from registry.config import get_settings
from registry.main import ALEMBIC_INI
from registry.models import Base
from shouhu_common.pii import PersonalDataCipher
from shouhu_common.service_cli import service_main


async def _load(session: AsyncSession) -> str:
    people = await demo.load_demo(session, PersonalDataCipher(get_settings().pii_key))
    return f"demo community loaded ({people} people)"


if __name__ == "__main__":
    service_main(get_settings(), ALEMBIC_INI, Base.metadata, demo.is_loaded, _load)
