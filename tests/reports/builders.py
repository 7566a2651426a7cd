"""Builders for the report and dashboard tests: records of every kind at chosen community-local
times, written straight into the registry's and supplies' databases (as the services would)."""

from __future__ import annotations

import itertools
import uuid
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import update

from registry.access.gates.models import Gate, GateLog, GateVisitor
from registry.health.follow_ups.models import FollowUp
from registry.health.quarantines.models import Quarantine
from registry.health.referrals.models import Referral
from registry.health.returnees.models import Returnee
from registry.health.screenings.models import Screening, ScreeningRound
from registry.operations.disinfections.models import DisinfectionSchedule, DisinfectionSchedulePlace
from registry.operations.shifts.models import Shift
from registry.operations.tasks.models import Task
from registry.residents.households.models import Household
from registry.residents.people.models import Person
from supplies.community_stock.models import StockItem, StockMovement
from supplies.delivery_rounds.models import DeliveryRound
from supplies.distributions.models import Distribution, DistributionReceipt
from supplies.orders.models import HouseholdOrder, OrderTimelineEntry
from supplies.partners.models import Partner
from tests.conftest import Stack

SHANGHAI = ZoneInfo("Asia/Shanghai")
_seq = itertools.count(1)


def local(day: date, hour: int, minute: int = 0, second: int = 0) -> datetime:
    """A Shanghai wall-clock time of `day`, as the UTC instant the services store."""
    return datetime.combine(day, time(hour, minute, second), SHANGHAI).astimezone(UTC)


def shanghai_today() -> date:
    return datetime.now(SHANGHAI).date()


class RegistryRecords:
    """Adds registry rows of one community; `await save()` commits them all."""

    def __init__(self, stack: Stack, community_id: uuid.UUID) -> None:
        self.stack, self.community_id = stack, community_id
        self.rows: list[object] = []
        self.gate_id = uuid.uuid4()
        self.rows.append(Gate(id=self.gate_id, community_id=community_id, name="东门"))

    def add(self, row: object) -> object:
        self.rows.append(row)
        return row

    def round(self, number: int = 1, started_at: datetime | None = None) -> uuid.UUID:
        round_ = ScreeningRound(
            id=uuid.uuid4(),
            community_id=self.community_id,
            number=number,
            started_at=started_at or datetime.now(UTC) - timedelta(days=3),
            started_by="test",
        )
        self.add(round_)
        return round_.id

    def screening(
        self,
        round_id: uuid.UUID,
        household_id: uuid.UUID,
        at: datetime,
        outcome: str,
        risk: str | None = None,
    ) -> None:
        self.add(
            Screening(
                client_id=uuid.uuid4(),
                community_id=self.community_id,
                round_id=round_id,
                household_id=household_id,
                method="door",
                outcome=outcome,
                risk_level=risk,
                screened_by="test",
                screened_at=at,
            )
        )

    def returnee(self, at: datetime) -> None:
        self.add(
            Returnee(
                client_id=uuid.uuid4(),
                community_id=self.community_id,
                name="返乡",
                from_city="武汉",
                transport="train",
                arrival_date=at.date(),
                watch_until=at.date() + timedelta(days=14),
                created_by="test",
                created_at=at,
            )
        )

    def visitor(self, at: datetime) -> None:
        self.add(
            GateVisitor(
                client_id=uuid.uuid4(),
                community_id=self.community_id,
                gate_id=self.gate_id,
                kind="courier",
                name="快递",
                temperature=36.5,
                logged_by="test",
                registered_at=at,
            )
        )

    def quarantine(
        self,
        household_id: uuid.UUID,
        kind: str,
        start: date,
        *,
        person_id: uuid.UUID | None = None,
        released_at: datetime | None = None,
    ) -> uuid.UUID:
        quarantine = Quarantine(
            id=uuid.uuid4(),
            client_id=uuid.uuid4(),
            community_id=self.community_id,
            household_id=household_id,
            person_id=person_id,
            kind=kind,
            start_date=start,
            planned_end_date=start + timedelta(days=14),
            status="released" if released_at else "active",
            created_by="test",
            released_at=released_at,
        )
        self.add(quarantine)
        return quarantine.id

    def referral(
        self,
        household_id: uuid.UUID,
        person_id: uuid.UUID,
        opened_at: datetime,
        closed_at: datetime | None = None,
    ) -> None:
        self.add(
            Referral(
                community_id=self.community_id,
                household_id=household_id,
                person_id=person_id,
                temperature=38.2,
                status="closed" if closed_at else "open",
                opened_at=opened_at,
                closed_at=closed_at,
                outcome="ruled_out" if closed_at else None,
            )
        )

    def gate_log(
        self,
        at: datetime,
        direction: str = "out",
        verdict: str = "allow",
        reason: str | None = None,
        fever: bool = False,
        pass_id: uuid.UUID | None = None,
    ) -> None:
        self.add(
            GateLog(
                client_id=uuid.uuid4(),
                pass_id=pass_id,
                community_id=self.community_id,
                gate_id=self.gate_id,
                direction=direction,
                verdict=verdict,
                reason=reason,
                fever=fever,
                temperature=38.0 if fever else 36.6,
                logged_by="test",
                occurred_at=at,
                received_at=at,
            )
        )

    def follow_up(
        self, quarantine_id: uuid.UUID, person_id: uuid.UUID, at: datetime, period: str
    ) -> None:
        self.add(
            FollowUp(
                client_id=uuid.uuid4(),
                quarantine_id=quarantine_id,
                community_id=self.community_id,
                person_id=person_id,
                checked_at=at,
                local_date=at.astimezone(SHANGHAI).date(),
                period=period,
                temperature=36.5,
                recorded_by="test",
            )
        )

    def task(self, done_at: datetime | None) -> None:
        self.add(
            Task(
                community_id=self.community_id,
                kind="poster",
                title="张贴通知",
                status="done" if done_at else "open",
                done_at=done_at,
                created_by="test",
            )
        )

    def shift(self, starts_at: datetime, hours: int = 6) -> None:
        """A shift at the gate with nobody on it."""
        self.add(
            Shift(
                community_id=self.community_id,
                gate_id=self.gate_id,
                starts_at=starts_at,
                ends_at=starts_at + timedelta(hours=hours),
                min_workers=1,
            )
        )

    def disinfection_due(self, local_time: str, since: datetime) -> None:
        """A daily disinfection of one place at `local_time` (HH:MM), due since `since`."""
        schedule = DisinfectionSchedule(
            id=uuid.uuid4(),
            community_id=self.community_id,
            name="垃圾点消毒",
            place_kind="garbage_point",
            times=[local_time],
            effective_from=since,
            created_by="test",
        )
        self.add(schedule)
        self.add(DisinfectionSchedulePlace(schedule_id=schedule.id, place="1号垃圾点"))

    async def save(self) -> None:
        async with self.stack.registry.state.sessionmaker() as session:
            for row in self.rows:  # in order: the gate and rounds before what refers to them
                session.add(row)
                await session.flush()
            await session.commit()
        self.rows = []


async def backdate_community(stack: Stack, community_id: uuid.UUID, to: datetime) -> None:
    """Households and people on file since `to` (builders create them now)."""
    async with stack.registry.state.sessionmaker() as session:
        await session.execute(
            update(Household).where(Household.community_id == community_id).values(created_at=to)
        )
        await session.execute(
            update(Person).where(Person.community_id == community_id).values(created_at=to)
        )
        await session.commit()


async def add_member(stack: Stack, household_id: uuid.UUID, community_id: uuid.UUID) -> uuid.UUID:
    async with stack.registry.state.sessionmaker() as session:
        person = Person(
            community_id=community_id,
            household_id=household_id,
            name="家属",
            relation="配偶",
            created_at=datetime.now(UTC) - timedelta(days=30),
        )
        session.add(person)
        await session.commit()
        return person.id


class SuppliesRecords:
    """Supplies rows of one community: a partner, rounds, orders with timelines, stock."""

    def __init__(self, stack: Stack, community_id: uuid.UUID) -> None:
        self.stack, self.community_id = stack, community_id
        self.partner_id = uuid.uuid4()
        self.rows: list[object] = [
            Partner(
                id=self.partner_id, community_id=community_id, name="测试超市", kind="supermarket"
            )
        ]

    def round(self, day: date, hour: int) -> uuid.UUID:
        at = local(day, hour)
        round_ = DeliveryRound(
            id=uuid.uuid4(),
            community_id=self.community_id,
            delivery_date=day,
            local_time=f"{hour:02d}:00",
            delivers_at=at,
            cutoff_at=at - timedelta(hours=2),
            capacity_per_partner=100,
        )
        self.rows.append(round_)
        return round_.id

    def order(
        self,
        round_id: uuid.UUID,
        status: str,
        *,
        mode: str = "gate",
        created_at: datetime,
        timeline: tuple[tuple[str, datetime], ...] = (),
    ) -> None:
        order_id = uuid.uuid4()
        self.rows.append(
            HouseholdOrder(
                id=order_id,
                community_id=self.community_id,
                household_id=uuid.uuid4(),
                partner_id=self.partner_id,
                round_id=round_id,
                status=status,
                delivery_mode=mode,
                compound="东苑",
                building="1栋",
                unit=1,
                floor=1,
                room="101",
                placed_by="test",
                placed_by_role="staff",
                total_fen=100,
                change_seq=next(_seq),
                created_at=created_at,
            )
        )
        for entry_status, at in (("placed", created_at), *timeline):
            self.rows.append(
                OrderTimelineEntry(
                    community_id=self.community_id,
                    order_id=order_id,
                    kind="status",
                    status=entry_status,
                    actor_role="partner",
                    at=at,
                )
            )

    def stock_item(self, name: str, unit: str) -> uuid.UUID:
        item = StockItem(id=uuid.uuid4(), community_id=self.community_id, name=name, unit=unit)
        self.rows.append(item)
        return item.id

    def movement(self, item_id: uuid.UUID, kind: str, quantity: int, at: datetime) -> None:
        self.rows.append(
            StockMovement(
                community_id=self.community_id,
                stock_item_id=item_id,
                kind=kind,
                quantity=quantity,
                recorded_by="test",
                recorded_at=at,
            )
        )

    def receipts(self, at: list[datetime]) -> None:
        distribution = Distribution(
            id=uuid.uuid4(), community_id=self.community_id, name="口罩发放", created_by="test"
        )
        self.rows.append(distribution)
        for when in at:
            self.rows.append(
                DistributionReceipt(
                    community_id=self.community_id,
                    distribution_id=distribution.id,
                    household_id=uuid.uuid4(),
                    recorded_by="test",
                    received_at=when,
                )
            )

    async def save(self) -> None:
        async with self.stack.supplies.state.sessionmaker() as session:
            for row in self.rows:
                session.add(row)
                await session.flush()
            await session.commit()
        self.rows = []
