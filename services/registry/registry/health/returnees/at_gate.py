"""Returning residents registered at the gate (gates/visitors.py) go straight into the returnee
list, in the gate's transaction and under the gate's client id, so a retried registration makes
neither a second gate record nor a second returnee."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from registry.health.returnees import repository
from registry.health.returnees.errors import InvalidReturnee, ReturneeClientIdReused
from registry.health.returnees.models import WATCH_DAYS, Returnee, Transport
from registry.health.returnees.service import check_arrival, today
from registry.residents.people.models import Person
from registry.residents.people.phones import normalize_phone
from shouhu_common.pii import PersonalDataCipher

GATE_NOTE = "卡口登记"
# What a volunteer types: the code, or the Chinese word, then maybe the train or flight number.
# Buses first: 长途汽车 is a coach, not a car.
TRANSPORT_WORDS: tuple[tuple[Transport, tuple[str, ...]], ...] = (
    (Transport.bus, ("长途汽车", "长途车", "大巴", "客车", "巴士", "公交", "bus")),
    (Transport.train, ("高铁", "动车", "火车", "列车", "train")),
    (Transport.flight, ("飞机", "航班", "flight", "plane")),
    (Transport.car, ("自驾", "私家车", "出租车", "网约车", "汽车", "car")),
)
_TRIM = " :：,，/-"


def parse_transport(text: str) -> tuple[Transport, str]:
    """`火车 G1234` → (train, "G1234"); `car` → (car, "")."""
    lowered = text.strip().lower()
    for transport, words in TRANSPORT_WORDS:
        for word in words:
            if word in lowered:
                number = lowered.replace(word, "", 1).strip(_TRIM).upper()
                if len(number) > 20:
                    raise InvalidReturnee("transport: the train, flight or plate number is long")
                return transport, number
    raise InvalidReturnee("transport: train, flight, car or bus (火车、飞机、汽车、大巴)")


async def _member_by_phone(
    session: AsyncSession, household_id: uuid.UUID, phone_hash: str
) -> tuple[uuid.UUID, str] | None:
    query = select(Person.id, Person.name).where(
        Person.household_id == household_id, Person.phone_hash == phone_hash
    )
    row = (await session.execute(query.limit(1))).first()
    return (row[0], row[1]) if row else None


async def returnee_at_gate(
    session: AsyncSession,
    cipher: PersonalDataCipher,
    *,
    client_id: uuid.UUID,
    community_id: uuid.UUID,
    household_id: uuid.UUID,
    name: str,
    phone: str,
    from_city: str,
    transport: str,
    arrival_date: date | None,
    registered_by: str,
) -> Returnee:
    """The returnee record, added to the caller's session (the caller commits). A household
    member whose phone matches is linked, with the registry's name."""
    if await repository.get_by_client_id(session, client_id) is not None:
        raise ReturneeClientIdReused(f"client_id {client_id} belongs to another returnee")
    mobile = normalize_phone(phone)
    if mobile is None:
        raise InvalidReturnee("phone is not a Chinese mobile number")
    kind, number = parse_transport(transport)
    arrival = arrival_date or today()
    check_arrival(arrival)
    phone_hash = cipher.blind_index(mobile)
    member = await _member_by_phone(session, household_id, phone_hash)
    returnee = Returnee(
        id=uuid.uuid4(),
        client_id=client_id,
        community_id=community_id,
        household_id=household_id,
        person_id=member[0] if member else None,
        name=member[1] if member else name,
        phone_enc=cipher.encrypt(mobile),
        phone_hash=phone_hash,
        from_city=from_city,
        transport=kind,
        transport_number=number,
        arrival_date=arrival,
        watch_until=arrival + timedelta(days=WATCH_DAYS),
        note=GATE_NOTE,
        created_by=registered_by,
    )
    session.add(returnee)
    return returnee
