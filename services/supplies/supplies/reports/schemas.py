"""The supplies figures per community and day, and what a staff dashboard shows of them."""

from __future__ import annotations

import datetime as dt
import uuid

from pydantic import BaseModel, Field


class StockDistributed(BaseModel):
    stock_item_id: uuid.UUID
    name: str
    unit: str
    quantity: int = Field(description="Given out that day (distributions and allocations).")


class SuppliesDayFigures(BaseModel):
    """One community's day in the supplies service's time zone, computed from the records."""

    community_id: uuid.UUID
    orders_placed: int
    orders_delivered: int = Field(
        description="Orders delivered that day (an order left at the gate and carried to the "
        "door the same day counts once here, and once in each of the two below)."
    )
    orders_delivered_gate: int = Field(description="Left at the gate drop point that day.")
    orders_delivered_door: int = Field(description="Handed over at the door that day.")
    orders_undelivered: int = Field(
        description="Orders of that day's delivery rounds not delivered (yet): not rejected or "
        "cancelled, and not at the door when they go to the door."
    )
    households_reached: int = Field(description="Households given a distribution's share.")
    stock_distributed: list[StockDistributed]


class SuppliesDailyReport(BaseModel):
    date: dt.date
    time_zone: str
    communities: list[SuppliesDayFigures] = Field(
        description="The caller's communities (an admin's: those with any figure that day)."
    )


class RoundProgress(BaseModel):
    round_id: uuid.UUID
    local_time: str
    delivers_at: dt.datetime
    orders: int = Field(description="Orders in the round, rejected and cancelled ones excluded.")
    undelivered: int


class SuppliesHour(BaseModel):
    hour: dt.datetime = Field(description="Start of the hour, local time.")
    orders_delivered: int


class SuppliesDashboard(BaseModel):
    community_id: uuid.UUID
    date: dt.date
    today: SuppliesDayFigures
    rounds: list[RoundProgress] = Field(description="Today's delivery rounds.")
    hours: list[SuppliesHour]
