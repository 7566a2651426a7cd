"""Demo accounts for every role, the demo partners' fixed keys and the households' access codes."""

from __future__ import annotations

import os

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.access_codes.models import HouseholdAccessCode
from gateway.accounts.models import User
from gateway.clients.supplies import PartnerRef
from gateway.config import get_settings
from gateway.partner_keys.models import PartnerKey
from gateway.partner_keys.service import issue_key
from gateway.security import access_code_digest, hash_password
from shouhu_common.demo_ids import (
    DEMO_COMMUNITY_ID,
    DEMO_HOUSEHOLDS,
    DEMO_PARTNERS,
    DEMO_PASSWORD_DEFAULT,
    demo_access_code,
    demo_household_id,
    demo_partner_id,
    demo_user_id,
)

DEMO_USERS = (
    ("admin", "管理员", "admin"),
    ("staff", "社区工作人员 李敏", "staff"),
    ("grid1", "网格员 王强", "grid_worker"),
    ("gate1", "卡口志愿者 陈军", "gate_volunteer"),
    ("officer", "街道干部 赵静", "officer"),
)


def demo_password() -> str:
    return (
        get_settings().demo_password
        or os.environ.get("SHOUHU_DEMO_PASSWORD")
        or (DEMO_PASSWORD_DEFAULT)
    )


async def is_loaded(session: AsyncSession) -> bool:
    return bool((await session.execute(select(func.count(User.id)))).scalar_one())


async def load_demo(session: AsyncSession) -> str:
    password_hash = hash_password(demo_password())
    for username, name, role in DEMO_USERS:
        session.add(
            User(
                id=demo_user_id(username),
                username=username,
                display_name=name,
                role=role,
                password_hash=password_hash,
                community_ids=[str(DEMO_COMMUNITY_ID)],
            )
        )
    secret = get_settings().access_code_secret
    for number in range(1, DEMO_HOUSEHOLDS + 1):
        session.add(
            HouseholdAccessCode(
                household_id=demo_household_id(number),
                community_id=DEMO_COMMUNITY_ID,
                code_hash=access_code_digest(secret, demo_access_code(number)),
            )
        )
    await session.commit()
    for slug, name, kind, key in DEMO_PARTNERS:
        partner = PartnerRef(
            id=demo_partner_id(slug), community_id=DEMO_COMMUNITY_ID, name=name, kind=kind
        )
        await issue_key(session, partner, "demo", key=key)
    keys = (await session.execute(select(func.count(PartnerKey.id)))).scalar_one()
    return f"demo accounts ({len(DEMO_USERS)}), partner keys ({keys}), access codes loaded"
