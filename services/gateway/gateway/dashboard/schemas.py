"""The staff dashboard: today's figures and the open work of one community, each a link to the
list that shows it, and today's hours for the chart."""

from __future__ import annotations

import datetime as dt
import uuid

from pydantic import BaseModel, Field


class DashboardFigure(BaseModel):
    key: str = Field(description="Stable name, e.g. `households_screened`.")
    label: str = Field(description="Chinese label, e.g. 今日排查户数.")
    label_en: str
    value: int | None = Field(
        description="null: not available (its service did not answer, or not reported yet)."
    )
    link: str | None = Field(
        description="The list API (GET, same credentials) showing these records; the PWA opens "
        "its screen for that list."
    )


class DashboardChartHour(BaseModel):
    hour: dt.datetime = Field(description="Start of the hour, community time.")
    gate_passages_out: int
    gate_passages_in: int
    gate_denied: int
    follow_ups_done: int
    orders_delivered: int | None = Field(description="null when supplies did not answer.")


class DeliveryRoundToday(BaseModel):
    round_id: uuid.UUID
    local_time: str
    delivers_at: dt.datetime
    orders: int
    undelivered: int
    link: str


class Dashboard(BaseModel):
    community_id: uuid.UUID
    community_name: str
    date: dt.date = Field(description="Today in the community's time zone.")
    now: dt.datetime = Field(description="When these figures were computed.")
    time_zone: str
    today: list[DashboardFigure]
    open_work: list[DashboardFigure]
    delivery_rounds: list[DeliveryRoundToday] = Field(description="Today's delivery rounds.")
    hours: list[DashboardChartHour] = Field(description="The 24 hours of today; later ones 0.")
    unavailable: list[str] = Field(
        description="Services that did not answer (their figures are null); empty normally."
    )
