"""The demo community's supplies: two supermarkets and a pharmacy with no-markup catalogs (reference
prices approved), the 600 households' delivery addresses, the delivery rounds of the next seven
days (10:00 and 16:00), the community's own stock with a donation, and `grid1`'s grid.

The registry's demo loader writes its grid assignments directly, publishing no
`grid.area_changed`, so the grid is loaded here too, as the registry's demo assigns it; a later
change of `grid1`'s areas in the registry reaches supplies by the event and replaces it."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from shouhu_common.demo_ids import (
    DEMO_COMMUNITY_ID,
    DEMO_PARTNERS,
    demo_household_id,
    demo_id,
    demo_partner_id,
    demo_user_id,
)
from supplies.catalog.models import CatalogItem, ItemCategory, PriceChange, PriceKind
from supplies.community_stock.models import MovementKind, StockItem, StockMovement
from supplies.delivery_rounds.models import DeliveryRound
from supplies.donations.models import Donation, DonationKind
from supplies.grid_areas.models import GridArea
from supplies.household_directory.models import HouseholdDirectoryEntry
from supplies.partners.models import Partner, PartnerKind

ZONE = ZoneInfo("Asia/Shanghai")
ROUND_TIMES = ((10, 0), (16, 0))
ROUND_DAYS = 7
CUTOFF = timedelta(hours=2)
CAPACITY = 200
V, M, S, D, P = (
    ItemCategory.vegetables,
    ItemCategory.meat,
    ItemCategory.staples,
    ItemCategory.medicine,
    ItemCategory.protective,
)
# (name, category, unit, price in fen, reference price in fen, stock)
CATALOGS: dict[str, tuple[tuple[str, ItemCategory, str, int, int, int], ...]] = {
    "freshmart": (
        ("大白菜", V, "斤", 150, 150, 800),
        ("土豆", V, "斤", 200, 220, 600),
        ("西红柿", V, "斤", 400, 400, 300),
        ("猪肉（前腿）", M, "斤", 2800, 2900, 200),
        ("鸡蛋", M, "盒（10枚）", 650, 650, 400),
        ("大米", S, "袋（5公斤）", 3500, 3600, 150),
        ("挂面", S, "包", 550, 550, 300),
    ),
    "huilian": (
        ("青菜套餐", V, "份（3斤）", 1200, 1200, 300),
        ("鸡腿", M, "斤", 1300, 1300, 150),
        ("面粉", S, "袋（2.5公斤）", 1800, 1900, 120),
        ("食用油", S, "桶（5升）", 6500, 6500, 80),
        ("牛奶", S, "箱（12盒）", 5400, 5500, 100),
    ),
    "kangjian": (
        ("一次性医用口罩", P, "包（10只）", 1500, 1500, 500),
        ("84消毒液", P, "瓶（500毫升）", 900, 900, 200),
        ("电子体温计", D, "支", 2500, 2800, 60),
        ("布洛芬缓释胶囊", D, "盒", 1800, 1800, 80),
        ("医用酒精", P, "瓶（500毫升）", 800, 800, 150),
    ),
}
STOCK = (
    ("口罩", "只", False, 2000),
    ("84消毒液", "瓶", False, 300),
    ("喷壶", "个", False, 200),
    ("防疫告知书", "份", False, 600),
    ("N95口罩", "只", True, 100),
)


async def is_loaded(session: AsyncSession) -> bool:
    return bool((await session.execute(select(func.count(Partner.id)))).scalar_one())


def _partners_and_catalogs(session: AsyncSession) -> list[CatalogItem]:
    items = []
    for slug, name, kind, _key in DEMO_PARTNERS:
        partner_id = demo_partner_id(slug)
        session.add(
            Partner(
                id=partner_id, community_id=DEMO_COMMUNITY_ID, name=name, kind=PartnerKind(kind)
            )
        )
        for item_name, category, unit, price, reference, stock in CATALOGS.get(slug, ()):
            items.append(
                CatalogItem(
                    id=demo_id("catalog-item", f"{slug}:{item_name}"),
                    partner_id=partner_id,
                    community_id=DEMO_COMMUNITY_ID,
                    name=item_name,
                    category=category,
                    unit=unit,
                    price_fen=price,
                    reference_price_fen=reference,
                    stock=stock,
                    active=True,
                )
            )
    return items


def _directory() -> list[HouseholdDirectoryEntry]:
    """The registry demo's addresses, in its numbering (see registry/demo/community.py)."""
    entries, number = [], 0
    for compound in ("东苑", "西苑"):
        for building in range(1, 7):
            for unit in (1, 2):
                for floor in range(1, 6):
                    for door in range(1, 6):
                        number += 1
                        entries.append(
                            HouseholdDirectoryEntry(
                                household_id=demo_household_id(number),
                                community_id=DEMO_COMMUNITY_ID,
                                compound=compound,
                                building=f"{building}栋",
                                unit=unit,
                                floor=floor,
                                room=f"{floor}{door:02d}",
                                building_id=demo_id("building", f"{compound}{building}"),
                                source="demo",
                            )
                        )
    return entries


# `grid1`'s grid as the registry's demo assigns it (registry/demo/community.py: 东苑 1–3栋;
# registry/demo/operations.py: floors 1–3 of 东苑 4栋): (building key, floor_from, floor_to).
GRID1_AREAS = (("东苑1", None, None), ("东苑2", None, None), ("东苑3", None, None), ("东苑4", 1, 3))


def _grid_areas() -> list[GridArea]:
    return [
        GridArea(
            subject=f"user:{demo_user_id('grid1')}",
            community_id=DEMO_COMMUNITY_ID,
            building_id=demo_id("building", building),
            floor_from=floor_from,
            floor_to=floor_to,
        )
        for building, floor_from, floor_to in GRID1_AREAS
    ]


def _rounds(today: datetime) -> list[DeliveryRound]:
    rounds = []
    for offset in range(ROUND_DAYS):
        day = today.date() + timedelta(days=offset)
        for hour, minute in ROUND_TIMES:
            delivers_at = datetime.combine(day, time(hour, minute), tzinfo=ZONE).astimezone(UTC)
            rounds.append(
                DeliveryRound(
                    id=demo_id("round", f"{day}:{hour:02d}{minute:02d}"),
                    community_id=DEMO_COMMUNITY_ID,
                    delivery_date=day,
                    local_time=f"{hour:02d}:{minute:02d}",
                    delivers_at=delivers_at,
                    cutoff_at=delivers_at - CUTOFF,
                    capacity_per_partner=CAPACITY,
                    closed=False,
                )
            )
    return rounds


def _stock_and_donation(session: AsyncSession) -> None:
    for name, unit, scarce, received in STOCK:
        item = StockItem(
            id=demo_id("stock", name),
            community_id=DEMO_COMMUNITY_ID,
            name=name,
            unit=unit,
            scarce=scarce,
            lock_version=0,
        )
        session.add(item)
        session.add(
            StockMovement(
                community_id=DEMO_COMMUNITY_ID,
                stock_item_id=item.id,
                kind=MovementKind.received,
                quantity=received,
                reason="街道下拨",
                recorded_by="demo",
            )
        )
    session.add(
        Donation(
            id=demo_id("donation", 1),
            community_id=DEMO_COMMUNITY_ID,
            kind=DonationKind.money,
            donor_name=None,
            amount_fen=500000,
            description="爱心人士匿名捐款",
            recorded_by="demo",
        )
    )


async def load_demo(session: AsyncSession) -> str:
    items = _partners_and_catalogs(session)
    await session.flush()
    session.add_all(items)
    await session.flush()
    session.add_all(
        PriceChange(
            item_id=i.id,
            kind=PriceKind.reference,
            old_fen=None,
            new_fen=i.reference_price_fen or i.price_fen,
            reason="演示数据：疫情前价格 pre-outbreak price",
            changed_by="demo",
        )
        for i in items
    )
    session.add_all(_directory())
    session.add_all(_grid_areas())
    session.add_all(_rounds(datetime.now(ZONE)))
    _stock_and_donation(session)
    await session.flush()
    await session.commit()
    return f"{len(DEMO_PARTNERS)} partners, {len(items)} catalog items, {ROUND_DAYS * 2} rounds"
