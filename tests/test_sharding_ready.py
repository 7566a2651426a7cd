"""Ready to shard by community (docs/architecture.md, "Sharding by community"): every hot table
carries a non-null `community_id` and a key or index that leads with it, so that a query of one
community touches one shard; every other table says why it does not need one. A new table fails
here until it is put on one list or the other. The migrations that added the column fill it from
each row's parent, on SQLite and on PostgreSQL alike."""

from __future__ import annotations

import asyncio
import uuid
from datetime import date, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command
from sqlalchemy import MetaData, Table, UniqueConstraint, func, insert, inspect, select

from registry.models import Base as RegistryBase
from shouhu_common.clock import utc_now
from shouhu_common.database import make_engine
from shouhu_common.driver_writes import table_row
from shouhu_common.migrations import alembic_config
from supplies.models import Base as SuppliesBase
from tests.databases import ALEMBIC_INI, SuiteDatabases

METADATA: dict[str, MetaData] = {
    "registry": RegistryBase.metadata,
    "supplies": SuppliesBase.metadata,
}

# Written or read per gate passage, order, delivery, follow-up, partner poll, webhook or event.
HOT_TABLES: dict[str, set[str]] = {
    "registry": {
        "household",
        "person",
        "person_search_key",
        "access_pass",
        "pass_state_version",
        "gate_rule",
        "gate_log",
        "gate_log_receipt",
        "gate_quota_use",
        "gate_quota_version",
        "gate_visitor",
        "quarantine",
        "quarantine_change",
        "quarantine_rule",
        "follow_up",
        "referral",
        "returnee",
        "screening",
        "task",
        "testing_round",
        "sampling_point",
        "round_slot",
        "round_arrangement",
        "sample_tube",
        "sample_registration",
        "household_knock",
        "retest_entry",
        "watched_building",
        "care_entry",
        "care_check_in",
        "medicine_request",
        "medicine_run",
        "custody_handover",
        "self_report",
        "visitor_registration",
    },
    "supplies": {
        "partner",
        "catalog_item",
        "delivery_round",
        "round_partner_load",
        "household_order",
        "order_line",
        "order_shortage",
        "order_timeline",
        "partner_order_feed",
        "webhook",
        "webhook_delivery",
        "household_directory",
        "household_delivery_status",
        "stock_item",
        "stock_movement",
        "distribution",
        "distribution_share",
        "distribution_receipt",
    },
}

# Hot, with community_id, but reached only by a key that already names one community's row.
READ_BY_OWN_KEY: dict[str, str] = {
    "household_delivery_status": "one row per household, read and written by the household id",
}

# Everything else, and why it needs no community_id or no index leading with it.
NOT_HOT: dict[str, dict[str, str]] = {
    "registry": {
        "community": "the shard key itself (a reference table under Citus)",
        "compound": "a community's places: staff-paced, read into the gate's memory",
        "building": "a community's places: staff-paced, read into the gate's memory",
        "gate": "config; the gate's working set is held in memory",
        "gate_poster_token": "one row per gate, found by its token (a lookup by id, as a client "
        "id is); rotated by staff",
        "gate_assignment": "config: read when the phone opens its gate and once per log batch",
        "pass_signing_key": "config: a few keys per community",
        "grid_assignment": "read by the worker's subject, whose areas may span communities",
        "audit_event": "keyed by actor and time; an admin's reads span communities",
        "health_data_purge": "one row per end-of-emergency purge",
        "screening_round": "a few rows per community",
        "screening_rule": "one row per community",
        "worker": "roster: staff-paced",
        "shift_template": "roster: staff-paced",
        "shift": "roster: staff-paced",
        "shift_assignment": "roster: staff-paced",
        "disinfection_record": "staff-paced",
        "disinfection_schedule": "config",
        "disinfection_schedule_place": "config",
        "dispatch_meeting": "staff-paced",
        "notice": "staff-paced",
        "appeal": "a few per household in an emergency, resident- and staff-paced",
        "bulk_approval": "only changes past an account's hourly threshold: staff-paced",
        "outbox": "events: the relay hands them on in one commit order for the whole service",
        "outbox_delivery": "the relay's progress per event and subscriber",
    },
    "supplies": {
        "price_change": "one row per price change, read with its item",
        "group_buy": "one per partner and round, made by staff",
        "grid_area": "read by the worker's subject, whose areas may span communities",
        "grid_area_update": "keyed by (subject, community) already",
        "idempotency_record": "keyed by the caller, who may act in several communities",
        "inbox": "keyed by event id, written by the event consumer",
        "allocation": "staff-paced",
        "allocation_grant": "written once per allocation run, read with it",
        "donation": "staff-paced",
        "donation_use": "staff-paced",
    },
}


def _leads_with_community(table: Table) -> bool:
    keys = [list(table.primary_key.columns)]
    keys += [list(c.columns) for c in table.constraints if isinstance(c, UniqueConstraint)]
    keys += [list(index.columns) for index in table.indexes]
    return any(columns and columns[0].name == "community_id" for columns in keys)


@pytest.mark.parametrize("service", sorted(METADATA))
def test_every_table_is_declared_hot_or_not(service: str) -> None:
    tables = set(METADATA[service].tables)
    hot, other = HOT_TABLES[service], set(NOT_HOT[service])
    assert hot & other == set(), "a table is on both lists"
    assert tables - hot - other == set(), (
        "a new table: put it in HOT_TABLES (with community_id and an index leading with it) "
        "or in NOT_HOT with the reason"
    )
    assert (hot | other) - tables == set(), "a declared table no longer exists"


@pytest.mark.parametrize("service", sorted(METADATA))
def test_hot_tables_carry_community_id_and_an_index_leading_with_it(service: str) -> None:
    for name in sorted(HOT_TABLES[service]):
        table = METADATA[service].tables[name]
        column = table.c.get("community_id")
        assert column is not None, f"{name} has no community_id"
        assert not column.nullable, f"{name}.community_id is nullable"
        if name not in READ_BY_OWN_KEY:
            assert _leads_with_community(table), f"{name}: no key or index leads with community_id"


# -- the migrations fill the column from the parent ----------------------------------------------

# Tables the migrations gave community_id; their rows are written the old way, without it.
ADDED = {
    "registry": {"quarantine_change"},
    "supplies": {
        "order_line",
        "order_shortage",
        "order_timeline",
        "partner_order_feed",
        "round_partner_load",
        "webhook",
        "webhook_delivery",
        "stock_movement",
        "distribution_share",
        "distribution_receipt",
    },
}
MIGRATION = {"registry": "r0014_community_id", "supplies": "s0007_community_id"}
KEYS_NOW_LEADING = ("partner_order_feed", "round_partner_load", "distribution_share")
# columns later migrations added: not there before this one
LATER_COLUMNS = {
    "quarantine": ("reason_code", "reason", "release_reason_code"),
    "quarantine_change": ("reason_code",),
    "access_pass": ("reason_code",),
    "audit_event": ("reason_code",),
}


def _row(service: str, table: str, /, **values: Any) -> tuple[str, dict[str, Any]]:
    """A row as the schema before the migration takes it: community_id left out where it was
    added (given here only so that `table_row` finds every column)."""
    row = table_row(METADATA[service].tables[table], **values)
    if table in ADDED[service]:
        del row["community_id"]
    for column in LATER_COLUMNS.get(table, ()):
        del row[column]
    return table, row


def _registry_rows(community: uuid.UUID, tag: str) -> list[tuple[str, dict[str, Any]]]:
    compound, building, household, quarantine = (uuid.uuid4() for _ in range(4))
    start, end = date(2026, 12, 1), date(2026, 12, 15)
    c = {"community_id": community}
    return [
        _row("registry", "community", id=community, name=f"社区{tag}"),
        _row("registry", "compound", id=compound, **c, name="东苑"),
        _row("registry", "building", id=building, **c, compound_id=compound, name="1栋"),
        _row("registry", "household", id=household, **c, building_id=building, floor=1,
             room="101", card_number=f"H{uuid.uuid4().hex[:10]}"),
        _row("registry", "quarantine", id=quarantine, client_id=uuid.uuid4(), **c,
             household_id=household, kind="home", start_date=start, planned_end_date=end,
             created_by="test"),
        _row("registry", "quarantine_change", **c, quarantine_id=quarantine,
             previous_end_date=end, planned_end_date=end - timedelta(days=4), reason="阴性",
             changed_by="test"),
    ]  # fmt: skip


def _supplies_rows(community: uuid.UUID, tag: str) -> list[tuple[str, dict[str, Any]]]:
    partner, item, round_id, order, line, hook, stock, campaign, household = (
        uuid.uuid4() for _ in range(9)
    )
    now = utc_now()
    c = {"community_id": community}
    return [
        _row("supplies", "partner", id=partner, **c, name=f"超市{tag}", kind="supermarket"),
        _row("supplies", "catalog_item", id=item, partner_id=partner, **c, name="白菜",
             category="vegetables", unit="斤", price_fen=150),
        _row("supplies", "delivery_round", id=round_id, **c, delivery_date=now.date(),
             local_time="10:00", delivers_at=now, cutoff_at=now, capacity_per_partner=10),
        _row("supplies", "household_order", id=order, **c, household_id=household,
             partner_id=partner, round_id=round_id, compound="东苑", building="1栋", unit=1,
             floor=1, room="101", placed_by="test", placed_by_role="staff", total_fen=300,
             change_seq=1),
        _row("supplies", "order_line", id=line, **c, order_id=order, item_id=item,
             item_name="白菜", unit="斤", unit_price_fen=150, quantity=2, line_total_fen=300),
        _row("supplies", "order_shortage", **c, order_id=order, line_id=line, kind="missing",
             quantity=1, refunded_fen=150),
        _row("supplies", "order_timeline", **c, order_id=order, kind="status", status="placed",
             actor_role="staff"),
        _row("supplies", "partner_order_feed", **c, partner_id=partner, last_seq=1),
        _row("supplies", "round_partner_load", **c, round_id=round_id, partner_id=partner,
             order_count=1),
        _row("supplies", "webhook", id=hook, **c, partner_id=partner, url="https://x", secret="s"),
        _row("supplies", "webhook_delivery", **c, webhook_id=hook, partner_id=partner,
             event_type="order.placed", payload="{}"),
        _row("supplies", "stock_item", id=stock, **c, name="口罩", unit="只"),
        _row("supplies", "stock_movement", **c, stock_item_id=stock, kind="received",
             quantity=100, recorded_by="test"),
        _row("supplies", "distribution", id=campaign, **c, name="口罩发放", created_by="test"),
        _row("supplies", "distribution_share", **c, distribution_id=campaign, stock_item_id=stock,
             quantity_per_household=5),
        _row("supplies", "distribution_receipt", **c, distribution_id=campaign,
             household_id=household, recorded_by="test"),
    ]  # fmt: skip


ROWS = {"registry": _registry_rows, "supplies": _supplies_rows}


async def _insert(url: str, service: str, rows: list[tuple[str, dict[str, Any]]]) -> None:
    engine = make_engine(url)
    try:
        async with engine.begin() as conn:
            for name, row in rows:
                typed = METADATA[service].tables[name].c
                old = sa.table(name, *(sa.column(key, typed[key].type) for key in row))
                await conn.execute(insert(old).values(row))
    finally:
        await engine.dispose()


async def _per_community(url: str, service: str) -> dict[str, dict[Any, int]]:
    engine = make_engine(url)
    try:
        async with engine.connect() as conn:
            counts: dict[str, dict[Any, int]] = {}
            for name in sorted(ADDED[service]):
                c = METADATA[service].tables[name].c.community_id
                rows = await conn.execute(select(c, func.count()).group_by(c))
                counts[name] = dict(rows.all())
            return counts
    finally:
        await engine.dispose()


async def _primary_keys(url: str, names: tuple[str, ...]) -> dict[str, list[str]]:
    engine = make_engine(url)
    try:
        async with engine.connect() as conn:
            return await conn.run_sync(
                lambda sync: {
                    n: inspect(sync).get_pk_constraint(n)["constrained_columns"] for n in names
                }
            )
    finally:
        await engine.dispose()


@pytest.mark.parametrize("service", sorted(MIGRATION))
def test_the_migration_fills_community_id_from_the_parent(
    tmp_path_factory: pytest.TempPathFactory, service: str
) -> None:
    """Two communities' rows written before the migration: after it, each row names its own."""
    dbs = SuiteDatabases(tmp_path_factory.mktemp(f"shard-{service}"), f"shard{service[:3]}")
    try:
        url = dbs.urls[service]
        config = alembic_config(ALEMBIC_INI[service], url)
        command.downgrade(config, f"{MIGRATION[service]}-1")
        first, second = uuid.uuid4(), uuid.uuid4()
        rows = ROWS[service](first, "甲") + ROWS[service](second, "乙")
        asyncio.run(_insert(url, service, rows))
        command.upgrade(config, "head")
        counts = asyncio.run(_per_community(url, service))
        assert counts == {name: {first: 1, second: 1} for name in ADDED[service]}
        if service == "supplies":
            keys = asyncio.run(_primary_keys(url, KEYS_NOW_LEADING))
            assert {n: k[0] for n, k in keys.items()} == dict.fromkeys(
                KEYS_NOW_LEADING, "community_id"
            )
    finally:
        dbs.drop()
